namespace OnlineConsole.Core.Alarms;

/// <summary>What an operator command did; <see cref="Problem"/> says why it did nothing (English, for the audit).</summary>
public sealed record AlarmCommandResult(AlarmCommandStatus Status, string? Problem = null, Alarm? Before = null, Alarm? After = null)
{
    public bool Done => Status == AlarmCommandStatus.Done;
}
