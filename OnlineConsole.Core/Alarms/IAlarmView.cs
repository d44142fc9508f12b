namespace OnlineConsole.Core.Alarms;

/// <summary>
/// The alarm area read-only: what the pages see of <see cref="AlarmArea"/>. Acknowledge, shelve and the other
/// commands go through the audited alarm actions, never from a page to the area.
/// </summary>
public interface IAlarmView
{
    AlarmOptions Options { get; }
    long NoticesSent { get; }
    long NoticesDropped { get; }
    long RefusedOverCapacity { get; }
    AlarmSnapshot Snapshot();
    Alarm? Find(string key);
    AlarmDependencies Dependencies { get; }
    DateTimeOffset EventsCompleteSince { get; }
    IReadOnlyList<AlarmEvent> Events(string? key = null, DateTimeOffset? since = null);
    IReadOnlyList<string> ActiveKeys(string source, string? rule = null);
}
