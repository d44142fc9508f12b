namespace OnlineConsole.Security;

/// <summary>
/// The accounts as they are now: every check of a right (each request, each revalidation of an open page, each
/// action) asks here instead of trusting the principal captured at sign-in.
/// </summary>
public interface IAccountDirectory
{
    /// <summary>The account's current state, or null when there is no such account.</summary>
    AccountState? Find(string name);

    /// <summary>False once the session was signed out (or never existed).</summary>
    bool IsSessionActive(string sessionId);

    /// <summary>Raised after an account or one of its sessions changed (role, enabled, password, sign-out).</summary>
    event EventHandler<AccountChangedEventArgs>? Changed;
}
