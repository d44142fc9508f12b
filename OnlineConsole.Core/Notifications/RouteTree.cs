using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.Notifications;

/// <summary>The routing tree, parsed once: which routes an alarm takes.</summary>
public sealed class RouteTree
{
    public static readonly TimeSpan DefaultGroupWait = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultGroupInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultRepeatInterval = TimeSpan.FromHours(4);

    private readonly Node _root;

    public RouteTree(RouteOptions root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _root = Build(root, "root", null);
    }

    /// <summary>The routes taken, in tree order; the root when no child matches (it matches everything).</summary>
    public IReadOnlyList<EffectiveRoute> Match(Alarm alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var result = new List<EffectiveRoute>();
        Walk(_root, alarm, result);
        return result;
    }

    private static bool Walk(Node node, Alarm alarm, List<EffectiveRoute> result)
    {
        if (!node.Matchers.All(m => m.Matches(alarm))) return false;
        var any = false;
        foreach (var child in node.Children)
        {
            if (!Walk(child, alarm, result)) continue;
            any = true;
            if (!child.Continue) break;
        }
        if (!any) result.Add(node.Route);
        return true;
    }

    private static Node Build(RouteOptions o, string path, EffectiveRoute? parent)
    {
        var route = new EffectiveRoute(
            o.Name ?? path,
            o.ContactPoints.Count > 0 ? o.ContactPoints : parent?.ContactPoints ?? [],
            o.GroupBy ?? parent?.GroupBy ?? ["area"],
            o.GroupWait ?? parent?.GroupWait ?? DefaultGroupWait,
            o.GroupInterval ?? parent?.GroupInterval ?? DefaultGroupInterval,
            o.RepeatInterval ?? parent?.RepeatInterval ?? DefaultRepeatInterval,
            o.MuteTimings.Count > 0 ? o.MuteTimings : parent?.MuteTimings ?? [],
            o.Escalation.Count > 0 ? o.Escalation : parent?.Escalation ?? []);
        var children = o.Routes.Select((c, i) => Build(c, path + "/" + i, route)).ToList();
        return new Node(route, [.. o.Matchers.Select(Matcher.Parse)], o.Continue, children);
    }

    private sealed record Node(EffectiveRoute Route, IReadOnlyList<Matcher> Matchers, bool Continue, IReadOnlyList<Node> Children);
}
