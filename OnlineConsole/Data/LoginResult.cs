namespace OnlineConsole.Data;

public enum LoginResult
{
    Ok,
    /// <summary>Unknown user or wrong password: the caller must not tell which.</summary>
    Invalid,
    LockedOut,
    Disabled,
}
