using OnlineConsole.Core.Run;

namespace OnlineConsole.Core.Alarms;

/// <summary>One entry of an alarm's timeline. <see cref="User"/> and <see cref="Comment"/> are set for operator actions.</summary>
public sealed record AlarmEvent(
    long Id,
    DateTimeOffset At,
    string Key,
    AlarmEventKind Kind,
    AlarmSeverity Severity,
    string Message,
    long Activation,
    long? RunNumber,
    RunState? RunState,
    string? User = null,
    string? Comment = null)
{
    /// <summary>The alarm's labels when it happened (for the history's search).</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
