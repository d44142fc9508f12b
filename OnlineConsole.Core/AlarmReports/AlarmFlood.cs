namespace OnlineConsole.Core.AlarmReports;

/// <summary>
/// A flood: from the first to the last activation of overlapping 10-minute windows that each hold more than
/// <see cref="AlarmKpiCalculator.FloodThreshold"/> activations. <see cref="Peak"/>: most activations in one 10-minute window.
/// </summary>
public sealed record AlarmFlood(DateTimeOffset Start, DateTimeOffset End, int Activations, int Peak, string TopKey);
