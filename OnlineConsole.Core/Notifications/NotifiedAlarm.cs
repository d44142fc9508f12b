using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Run;

namespace OnlineConsole.Core.Notifications;

/// <summary>An alarm as a message carries it (kept in the outbox as JSON, so only plain data).</summary>
public sealed record NotifiedAlarm
{
    public required string Key { get; init; }
    public required AlarmSeverity Severity { get; init; }
    public required string Message { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public long Activation { get; init; }
    public DateTimeOffset ActiveSince { get; init; }
    public DateTimeOffset? ClearedAt { get; init; }
    public bool Resolved { get; init; }
    public long? RunNumber { get; init; }
    public RunState? RunState { get; init; }
    public int Affected { get; init; }
    public string Source { get; init; } = "";
    public string Rule { get; init; } = "";

    public static NotifiedAlarm From(Alarm a, bool resolved)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new NotifiedAlarm
        {
            Key = a.Key,
            Severity = a.Severity,
            Message = a.Message,
            Labels = a.Labels,
            Activation = a.Activation,
            ActiveSince = a.ActiveSince,
            ClearedAt = resolved ? a.ClearedAt ?? a.LastChange : null,
            Resolved = resolved,
            RunNumber = a.RunNumber,
            RunState = a.RunState,
            Affected = a.Affected,
            Source = a.Source,
            Rule = a.Rule,
        };
    }
}
