using System.Security.Claims;

namespace OnlineConsole.Security;

/// <summary>What <see cref="AccountCheck"/> found for a principal.</summary>
/// <param name="Replacement">A principal with the account's current role when it differs from the one held; else null.</param>
public sealed record AccountVerdict(AccountState? Account, AccessRefusal Refusal, ClaimsPrincipal? Replacement)
{
    public bool Allowed => Refusal == AccessRefusal.None;
}
