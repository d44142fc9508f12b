namespace OnlineConsole.Core.Alarms;

/// <summary>What happened to an alarm, as its timeline and the history show it.</summary>
public enum AlarmEventKind
{
    Activated,
    Cleared,
    Escalated,
    Acknowledged,
    Shelved,
    Unshelved,
    ShelfExpired,
    RemovedFromService,
    ReturnedToService,
    Suppressed,
    Unsuppressed,
    Notified,

    /// <summary>An acknowledgement withdrawn at the source (the Phoebus alarm server's unacknowledge).</summary>
    Unacknowledged,
}
