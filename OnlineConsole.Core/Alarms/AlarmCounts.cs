namespace OnlineConsole.Core.Alarms;

/// <summary>What the header and the overview show: counts by severity of the active list, and the worst unacknowledged.</summary>
public sealed record AlarmCounts(
    int Active,
    int Unacknowledged,
    int Shelved,
    int OutOfService,
    IReadOnlyDictionary<AlarmSeverity, int> BySeverity,
    IReadOnlyDictionary<AlarmSeverity, int> UnacknowledgedBySeverity,
    AlarmSeverity? WorstUnacknowledged)
{
    public static readonly AlarmCounts None = new(0, 0, 0, 0, new Dictionary<AlarmSeverity, int>(), new Dictionary<AlarmSeverity, int>(), null);
}
