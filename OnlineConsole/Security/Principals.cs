using System.Security.Claims;
using OnlineConsole.Core.Security;

namespace OnlineConsole.Security;

public static class Principals
{
    /// <summary>
    /// A signed-in operator. Roles are hierarchical, so an Expert also carries Shifter and Display: policies and
    /// [Authorize(Roles = ...)] then need only name the lowest role allowed.
    /// </summary>
    public static ClaimsPrincipal Create(string name, OperatorRole role, string? address, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        claims.AddRange(Enum.GetValues<OperatorRole>().Where(r => r <= role).Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        if (address is not null) claims.Add(new Claim(ActionGuard.AddressClaim, address));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
