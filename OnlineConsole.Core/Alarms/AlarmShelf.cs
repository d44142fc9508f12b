namespace OnlineConsole.Core.Alarms;

/// <summary>An alarm hidden by an operator until <see cref="Until"/>; it comes back by itself when that passes.</summary>
public sealed record AlarmShelf(DateTimeOffset Until, string Reason, string By, DateTimeOffset At);
