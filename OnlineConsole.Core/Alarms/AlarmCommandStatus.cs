namespace OnlineConsole.Core.Alarms;

public enum AlarmCommandStatus
{
    Done,
    /// <summary>No such alarm (it may have returned to normal meanwhile).</summary>
    NotFound,
    /// <summary>The alarm activated again (or escalated) since the operator looked: look again before acknowledging.</summary>
    Changed,
    /// <summary>The request itself is wrong (no comment, a shelf beyond the maximum, ...).</summary>
    Invalid,
}
