using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using OnlineConsole.Core.Security;

namespace OnlineConsole.Security;

/// <summary>The role an endpoint (a page or an API) declares, read from its authorization metadata.</summary>
public static class EndpointRoles
{
    /// <summary>Null: open to anyone. Otherwise the lowest role allowed (Display: any signed-in user, the fallback policy).</summary>
    public static OperatorRole? Required(Endpoint? endpoint) => endpoint is null ? OperatorRole.Display : Required(endpoint.Metadata);

    /// <summary>The same for a page component, from its attributes.</summary>
    public static OperatorRole? Required(Type page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Required(page.GetCustomAttributes(inherit: true));
    }

    public static OperatorRole? Required(IEnumerable<object> metadata)
    {
        var items = metadata.ToList();
        if (items.OfType<IAllowAnonymous>().Any()) return null;
        // Each attribute or policy is a further requirement; within one, any listed role will do (roles are hierarchical).
        var lists = items.OfType<IAuthorizeData>().Select(a => a.Roles).OfType<string>().Select(r => r.Split(',', StringSplitOptions.TrimEntries))
            .Concat(items.OfType<AuthorizationPolicy>().SelectMany(p => p.Requirements.OfType<RolesAuthorizationRequirement>()).Select(r => r.AllowedRoles.ToArray()));
        return lists.Select(Lowest).DefaultIfEmpty(OperatorRole.Display).Max();
    }

    private static OperatorRole Lowest(string[] roles) =>
        roles.Select(r => Enum.TryParse<OperatorRole>(r, out var role) ? role : OperatorRole.Admin).DefaultIfEmpty(OperatorRole.Display).Min();
}
