namespace OnlineConsole.Core.Alarms;

/// <summary>What the settings database must write since the last drain.</summary>
public sealed record AlarmChanges(IReadOnlyList<Alarm> Upserted, IReadOnlyList<string> Removed, IReadOnlyList<AlarmEvent> Events)
{
    public bool IsEmpty => Upserted.Count == 0 && Removed.Count == 0 && Events.Count == 0;
}
