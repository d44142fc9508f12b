using Microsoft.AspNetCore.Components;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Notifications;
using OnlineConsole.Notifications;

namespace OnlineConsole.Components.Settings;

/// <summary>
/// Contact points: the list with each point's delivery health, an editor per kind with secrets masked, a test sent
/// with the form as it is (before saving), and one save for the whole list. A renamed point keeps its secrets.
/// </summary>
public partial class ContactPointsTab
{
    private List<PointDraft> _points = [];
    private int? _selected;
    private ContactPointKind _newKind = ContactPointKind.WeCom;
    private bool _testing;
    private (int Index, bool Ok, string Text)? _test;

    [Inject] public required NotificationActions Actions { get; init; }
    [Inject] public required ILiveView Store { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    protected override IReadOnlyDictionary<string, string>? Renames =>
        _points.Where(d => d.Original is not null && d.Original != d.Point.Name)
            .GroupBy(d => d.Point.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Original!, StringComparer.Ordinal);

    protected override void ResetDraft()
    {
        _points = [.. Config.ContactPoints.Select(p => new PointDraft(NotificationJson.Copy(p), p.Name))];
        _selected = null;
        _test = null;
    }

    protected override void ApplyDraft(NotificationOptions target) =>
        target.ContactPoints = [.. _points.Select(d => NotificationJson.Copy(d.Point))];

    private void Select(int index) => _selected = index;

    private void Add()
    {
        var name = Unique(_newKind.ToString().ToLowerInvariant());
        _points.Add(new PointDraft(new ContactPointOptions { Name = name, Kind = _newKind }, null));
        _selected = _points.Count - 1;
        Edited();
    }

    private void Remove(int index)
    {
        _points.RemoveAt(index);
        _selected = null;
        Edited();
    }

    private string Unique(string stem)
    {
        var name = stem;
        for (var i = 2; _points.Any(d => d.Point.Name == name); i++) name = stem + "-" + i;
        return name;
    }

    private async Task TestAsync(int index)
    {
        var d = _points[index];
        _testing = true;
        StateHasChanged();
        var (action, send) = await Actions.SendTestAsync(d.Point, d.Original);
        _testing = false;
        _test = action.Succeeded && send is { } r
            ? (index, r.Sent, r.Sent ? L["Set.TestSent", d.Point.Name].Value : L["Set.TestFailed", r.Error ?? ""].Value)
            : (index, false, Controls.ActionMessages.Problem(L, action));
    }

    private static string Target(ContactPointOptions p) => p.Kind switch
    {
        ContactPointKind.WeCom => $"{p.WeComBaseUrl} · key {p.WeComKey ?? "-"}",
        ContactPointKind.Email => $"{p.SmtpHost}:{p.SmtpPort} ({p.SmtpSecurity}) → {string.Join(", ", p.To)}",
        _ => p.Url ?? "",
    };

    private string Health(PointDraft d)
    {
        if (d.Original is null) return L["Set.NotSaved"].Value;
        var h = Store.Collectors.Snapshot().FirstOrDefault(c => c.Name == "notify:" + d.Original);
        if (h is null) return "–";
        var state = h.ConsecutiveFailures > 0 ? L["Set.Failing", h.ConsecutiveFailures, h.LastError ?? ""].Value
            : h.LastSuccess is { } at ? L["Set.LastSent", Host.Times(at)].Value : L["Set.NothingSent"].Value;
        return state;
    }

    /// <summary>A point being edited and the name it is stored under (null: new).</summary>
    private sealed record PointDraft(ContactPointOptions Point, string? Original);
}
