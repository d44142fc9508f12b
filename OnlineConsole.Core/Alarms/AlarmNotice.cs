namespace OnlineConsole.Core.Alarms;

/// <summary>
/// An alarm for the notifier: it activated (and, after the notify hold, is still active, unacknowledged, not shelved
/// and not caused by another alarm), or a notified alarm cleared.
/// </summary>
public sealed record AlarmNotice(Alarm Alarm, bool Raised, DateTimeOffset At);
