using System.Globalization;
using OnlineConsole.Core.Notifications;
using OnlineConsole.Notifications;
using RouteOptions = OnlineConsole.Core.Notifications.RouteOptions;

namespace OnlineConsole.Components.Settings;

/// <summary>The routing tree: select a route to edit it, add a child, move it among its siblings (order decides), delete it.</summary>
public partial class RoutesTab
{
    private RouteOptions _root = new();
    private RouteOptions? _selected;

    // Timer fields as typed, so a half-typed duration stays on screen while it is reported.
    private readonly Dictionary<(RouteOptions, int), string> _timerText = [];
    private readonly Dictionary<RouteOptions, string> _escalationText = [];

    protected override void ResetDraft()
    {
        _root = NotificationJson.CopyOf(Config.Route);
        _selected = _root;
        _timerText.Clear();
        _escalationText.Clear();
    }

    protected override void ApplyDraft(NotificationOptions target) => target.Route = NotificationJson.CopyOf(_root);

    protected override IEnumerable<string> DraftErrors()
    {
        var errors = new List<string>();
        foreach (var ((route, which), text) in _timerText)
            ParseDuration(text, $"{route.Name ?? PathOf(route)}: {TimerName(which)}", errors);
        foreach (var (route, text) in _escalationText) ParseEscalation(text, route.Name ?? PathOf(route), errors);
        return errors;
    }

    private void Select(RouteOptions r) => _selected = r;

    private void AddChild(RouteOptions parent)
    {
        var child = new RouteOptions { Matchers = ["area=network"] };
        parent.Routes.Add(child);
        _selected = child;
        Edited();
    }

    private void Move(RouteOptions r, int by)
    {
        if (ParentOf(_root, r) is not { } parent) return;
        var i = parent.Routes.IndexOf(r);
        var j = i + by;
        if (j < 0 || j >= parent.Routes.Count) return;
        (parent.Routes[i], parent.Routes[j]) = (parent.Routes[j], parent.Routes[i]);
        Edited();
    }

    private void Delete(RouteOptions r)
    {
        if (ParentOf(_root, r) is not { } parent) return;
        parent.Routes.Remove(r);
        _selected = parent;
        Edited();
    }

    private string TimerName(int which) => which switch { 0 => L["Set.GroupWait"], 1 => L["Set.GroupInterval"], _ => L["Set.RepeatInterval"] };

    private string Text(RouteOptions r, int which) =>
        _timerText.TryGetValue((r, which), out var t) ? t : Duration(which switch { 0 => r.GroupWait, 1 => r.GroupInterval, _ => r.RepeatInterval });

    private void SetTimer(RouteOptions r, int which, string? text)
    {
        _timerText[(r, which)] = text ?? "";
        var value = ParseDuration(text, "", []);
        switch (which)
        {
            case 0: r.GroupWait = value; break;
            case 1: r.GroupInterval = value; break;
            default: r.RepeatInterval = value; break;
        }
        Edited();
    }

    private string EscalationText(RouteOptions r) =>
        _escalationText.TryGetValue(r, out var t) ? t
            : string.Join("\n", r.Escalation.Select(s => s.After.ToString("c", CultureInfo.InvariantCulture) + " " + string.Join(", ", s.ContactPoints)));

    private void SetEscalation(RouteOptions r, string? text)
    {
        _escalationText[r] = text ?? "";
        r.Escalation = ParseEscalation(text, "", []);
        Edited();
    }

    /// <summary>One step per line: "00:15:00 oncall-robot, oncall-mail".</summary>
    private static List<EscalationStep> ParseEscalation(string? text, string route, List<string> errors)
    {
        var steps = new List<EscalationStep>();
        foreach (var line in SplitLines(text))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && TimeSpan.TryParse(parts[0], CultureInfo.InvariantCulture, out var after))
                steps.Add(new EscalationStep { After = after, ContactPoints = SplitList(parts[1]) });
            else errors.Add($"{route}: escalation '{line}' is not like '00:15:00 oncall-robot'.");
        }
        return steps;
    }

    private string PathOf(RouteOptions r) => Path(_root, r, "root") ?? "?";

    private static string? Path(RouteOptions node, RouteOptions target, string path)
    {
        if (ReferenceEquals(node, target)) return path;
        for (var i = 0; i < node.Routes.Count; i++)
            if (Path(node.Routes[i], target, path + "/" + i) is { } found) return found;
        return null;
    }

    private static RouteOptions? ParentOf(RouteOptions node, RouteOptions target)
    {
        foreach (var c in node.Routes)
        {
            if (ReferenceEquals(c, target)) return node;
            if (ParentOf(c, target) is { } p) return p;
        }
        return null;
    }
}
