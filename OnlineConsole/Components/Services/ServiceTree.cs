using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Components.Services;

/// <summary>Builds the Services page's rows: top-level services by kind and name, each followed by its children.</summary>
public static class ServiceTree
{
    /// <summary>Worst first: down, degraded, unknown, up.</summary>
    public static int Badness(ServiceState s) => s switch
    {
        ServiceState.Down => 3,
        ServiceState.Degraded => 2,
        ServiceState.Unknown => 1,
        _ => 0,
    };

    public static IReadOnlyList<ServiceRow> Build(IReadOnlyList<ServiceHealth> services, Func<ServiceHealth, Freshness> freshness, string? text, bool onlyProblems)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(freshness);
        var byName = services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var children = services.Where(s => s.Parent is { } p && byName.ContainsKey(p))
            .GroupBy(s => s.Parent!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Name, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var own = services.ToDictionary(s => s.Name, s => freshness(s) == Freshness.Fresh ? s.State : ServiceState.Unknown, StringComparer.Ordinal);
        var rolledCache = new Dictionary<string, ServiceState>(StringComparer.Ordinal);
        var visibleCache = new Dictionary<string, bool>(StringComparer.Ordinal);
        ServiceState Rolled(ServiceHealth s)
        {
            if (rolledCache.TryGetValue(s.Name, out var known)) return known;
            var worst = own[s.Name];
            if (children.TryGetValue(s.Name, out var kids))
                foreach (var k in kids)
                    if (Badness(Rolled(k)) > Badness(worst)) worst = Rolled(k);
            return rolledCache[s.Name] = worst;
        }
        bool Matches(ServiceHealth s) => text is not { Length: > 0 } t
            || s.Name.Contains(t, StringComparison.OrdinalIgnoreCase) || s.Kind.Contains(t, StringComparison.OrdinalIgnoreCase)
            || (s.Detail?.Contains(t, StringComparison.OrdinalIgnoreCase) ?? false);

        var rows = new List<ServiceRow>();
        void Add(ServiceHealth s, int depth)
        {
            var rolled = Rolled(s);
            var kids = children.GetValueOrDefault(s.Name) ?? [];
            var shownKids = kids.Where(Visible).ToList();
            if (!Visible(s) && shownKids.Count == 0) return;
            rows.Add(new ServiceRow(s, depth, rolled, freshness(s), kids.Count));
            foreach (var k in shownKids) Add(k, depth + 1);
        }
        bool Visible(ServiceHealth s)
        {
            if (visibleCache.TryGetValue(s.Name, out var known)) return known;
            var v = (Matches(s) || (children.TryGetValue(s.Name, out var ks) && ks.Any(Visible))) && (!onlyProblems || Rolled(s) != ServiceState.Up);
            return visibleCache[s.Name] = v;
        }

        foreach (var top in services.Where(s => s.Parent is null || !byName.ContainsKey(s.Parent))
                     .OrderBy(s => s.Kind, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal))
            Add(top, 0);
        return rows;
    }
}
