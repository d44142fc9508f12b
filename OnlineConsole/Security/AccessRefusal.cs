namespace OnlineConsole.Security;

/// <summary>Why the current account may not act (or keep its session). None: it may.</summary>
public enum AccessRefusal
{
    None,
    NotSignedIn,
    UnknownAccount,
    Disabled,
    /// <summary>The cookie predates a disable, enable or password reset of the account.</summary>
    StaleSession,
    SignedOut,
    RoleTooLow,
}
