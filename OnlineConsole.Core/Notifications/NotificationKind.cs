namespace OnlineConsole.Core.Notifications;

public enum NotificationKind
{
    /// <summary>A group's state: firing alarms and those resolved since the last message.</summary>
    Group,
    /// <summary>An alarm nobody acknowledged in time, sent to the next level.</summary>
    Escalation,
    /// <summary>The scheduled "notifications work" message.</summary>
    Heartbeat,
    /// <summary>Sent by an admin from the settings page.</summary>
    Test,
}
