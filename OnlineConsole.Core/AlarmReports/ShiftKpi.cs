namespace OnlineConsole.Core.AlarmReports;

/// <summary>
/// One shift in the window, clipped to it (<see cref="Partial"/>: the shift began before the window or has not ended).
/// </summary>
public sealed record ShiftKpi(string Name, DateTimeOffset Start, DateTimeOffset End, bool Partial, int Activations, int Acknowledgements,
    double PerHour, int Peak10Minutes, int Floods);
