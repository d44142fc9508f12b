namespace OnlineConsole.Core.Alarms;

/// <summary>
/// Every alarm that is not normal, worst first (severity, then unacknowledged, then newest), with the counts.
/// Immutable: pages keep it as long as they like.
/// </summary>
public sealed record AlarmSnapshot(IReadOnlyList<Alarm> Alarms, AlarmCounts Counts, long Version)
{
    public static readonly AlarmSnapshot Empty = new([], AlarmCounts.None, 0);
}
