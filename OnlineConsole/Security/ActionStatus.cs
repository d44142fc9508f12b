namespace OnlineConsole.Security;

public enum ActionStatus
{
    /// <summary>Performed (its own outcome may still be a rejection by the target system).</summary>
    Done,
    /// <summary>The account may not do this now; nothing was performed.</summary>
    Refused,
    /// <summary>The input was invalid (an <see cref="ArgumentException"/>); nothing was performed.</summary>
    Invalid,
    /// <summary>The action failed while being performed.</summary>
    Failed,
}
