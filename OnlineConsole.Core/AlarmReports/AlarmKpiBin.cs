namespace OnlineConsole.Core.AlarmReports;

/// <summary>Activations in [<see cref="Start"/>, <see cref="End"/>); the first and last bins of a window may be partial.</summary>
public sealed record AlarmKpiBin(DateTimeOffset Start, DateTimeOffset End, int Activations);
