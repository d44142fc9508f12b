using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace OnlineConsole.Security;

/// <summary>
/// The one rule for "may this principal still act": the account exists and is enabled now, and a cookie session
/// carries the account's current stamp and has not been signed out. The role always comes from the account, so a
/// demotion takes effect without a new sign-in. Used by the cookie validation, the circuit revalidation and the
/// action service.
/// </summary>
public static class AccountCheck
{
    public static AccountVerdict Evaluate(ClaimsPrincipal user, IAccountDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(directory);
        if (user.Identity is not { IsAuthenticated: true, Name: { } name }) return new(null, AccessRefusal.NotSignedIn, null);
        var account = directory.Find(name);
        if (account is null) return new(null, AccessRefusal.UnknownAccount, null);
        if (account.Disabled) return new(account, AccessRefusal.Disabled, null);
        // Trusted-proxy principals are built from the account on every request and have no session of their own.
        if (user.Identity.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
        {
            if (user.FindFirst(Principals.StampClaim)?.Value != account.Stamp) return new(account, AccessRefusal.StaleSession, null);
            if (user.FindFirst(Principals.SessionClaim)?.Value is not { } session || !directory.IsSessionActive(session))
                return new(account, AccessRefusal.SignedOut, null);
        }
        var held = Principals.Identity(user).Role;
        return new(account, AccessRefusal.None, held == account.Role ? null : Principals.WithRole(user, account.Role));
    }
}
