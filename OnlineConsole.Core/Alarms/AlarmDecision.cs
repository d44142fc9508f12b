namespace OnlineConsole.Core.Alarms;

/// <summary>Who decided something about an alarm (acknowledged it, took it out of service), when and why.</summary>
public sealed record AlarmDecision(string By, DateTimeOffset At, string Comment);
