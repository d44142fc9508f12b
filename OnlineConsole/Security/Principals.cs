using System.Security.Claims;
using OnlineConsole.Core.Security;

namespace OnlineConsole.Security;

public static class Principals
{
    /// <summary>Claim holding the address the operator signed in from (circuits have no HttpContext of their own).</summary>
    public const string AddressClaim = "oc:address";

    /// <summary>Claim naming the sign-in session; signing out ends it in every tab.</summary>
    public const string SessionClaim = "oc:sid";

    /// <summary>Claim holding the account's security stamp at sign-in.</summary>
    public const string StampClaim = "oc:stamp";

    /// <summary>
    /// A signed-in operator. Roles are hierarchical, so an Expert also carries Shifter and Display: policies and
    /// [Authorize(Roles = ...)] then need only name the lowest role allowed.
    /// </summary>
    public static ClaimsPrincipal Create(string name, OperatorRole role, string? address, string scheme, string? session = null, string? stamp = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        claims.AddRange(RoleClaims(role));
        if (address is not null) claims.Add(new Claim(AddressClaim, address));
        if (session is not null) claims.Add(new Claim(SessionClaim, session));
        if (stamp is not null) claims.Add(new Claim(StampClaim, stamp));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The same principal (name, session, address) with another role.</summary>
    public static ClaimsPrincipal WithRole(ClaimsPrincipal user, OperatorRole role)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = user.Claims.Where(c => c.Type != ClaimTypes.Role).Select(c => new Claim(c.Type, c.Value)).Concat(RoleClaims(role));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, user.Identity?.AuthenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>Who the principal says it is (the highest role it carries). Rights are checked with <see cref="AccountCheck"/>.</summary>
    public static OperatorIdentity Identity(ClaimsPrincipal user, string? remoteAddress = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Identity is { IsAuthenticated: true, Name: { } n } ? n : "anonymous";
        var role = user.Identity?.IsAuthenticated == true
            ? Enum.GetValues<OperatorRole>().Where(r => user.IsInRole(r.ToString())).DefaultIfEmpty(OperatorRole.Display).Max()
            : OperatorRole.Display;
        return new OperatorIdentity(name, role, remoteAddress ?? user.FindFirst(AddressClaim)?.Value);
    }

    private static IEnumerable<Claim> RoleClaims(OperatorRole role) =>
        Enum.GetValues<OperatorRole>().Where(r => r <= role).Select(r => new Claim(ClaimTypes.Role, r.ToString()));
}
