using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using OnlineConsole.Core.Security;

namespace OnlineConsole.Security;

/// <summary>
/// The one gate every control action and settings change passes: it checks the operator's role on the server
/// (hiding a button is not enough), audits refusals, and records what was done, by whom, from where and why.
/// Scoped: one per circuit.
/// </summary>
public sealed class ActionGuard(AuthenticationStateProvider authentication, IAuditLog audit, TimeProvider time, IHttpContextAccessor http)
{
    /// <summary>Claim holding the address the operator signed in from (circuits have no HttpContext of their own).</summary>
    public const string AddressClaim = "oc:address";

    public async Task<OperatorIdentity> CurrentAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return FromPrincipal(user, http.HttpContext?.Connection.RemoteIpAddress?.ToString());
    }

    public static OperatorIdentity FromPrincipal(ClaimsPrincipal user, string? remoteAddress = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Identity is { IsAuthenticated: true, Name: { } n } ? n : "anonymous";
        var role = user.Identity?.IsAuthenticated == true
            ? Enum.GetValues<OperatorRole>().Where(r => user.IsInRole(r.ToString())).DefaultIfEmpty(OperatorRole.Display).Max()
            : OperatorRole.Display;
        return new OperatorIdentity(name, role, remoteAddress ?? user.FindFirst(AddressClaim)?.Value);
    }

    /// <summary>
    /// Returns the operator when they hold <paramref name="required"/>; otherwise audits the refusal and throws
    /// <see cref="ActionRefusedException"/>.
    /// </summary>
    public async Task<OperatorIdentity> AuthorizeAsync(OperatorRole required, string action, string target, string? reason = null)
    {
        var who = await CurrentAsync();
        if (who.Has(required) && who.Name != "anonymous") return who;
        await RecordAsync(who, action, target, reason, $"refused: needs {required}, has {who.Role}");
        throw new ActionRefusedException($"{action} needs the {required} role; {who.Name} is {who.Role}.");
    }

    public Task RecordAsync(OperatorIdentity who, string action, string target, string? reason, string outcome, string? before = null, string? after = null)
    {
        ArgumentNullException.ThrowIfNull(who);
        return audit.AppendAsync(new AuditEntry(time.GetUtcNow(), who.Name, who.RemoteAddress, action, target, reason, before, after, outcome));
    }
}
