using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using OnlineConsole.Components.Live;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Pages;

/// <summary>
/// The compute nodes at a glance: one tile per node (state as icon and text, CPU and memory as bars with their
/// numbers), the worst first, stale ones marked; a tile opens the node's facts. Reads the service rows the
/// compute-node collector (or the simulator) writes.
/// </summary>
public partial class NodesPage
{
    private static readonly string[] Bars = ["cpu", "memory", "disk"];
    private IReadOnlyList<ServiceHealth> _nodes = [];
    private ServiceHealth? _group;
    private DateTimeOffset _now;
    private bool _onlyProblems;
    private string? _selected;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    protected override StoreArea Areas => StoreArea.Services;

    // A wall of a hundred tiles read by people: at most one render a second.
    protected override TimeSpan? BatchWindow => TimeSpan.FromSeconds(1);

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        _now = Store.Time.GetUtcNow();
        var all = Store.Services.Snapshot();
        _group = all.FirstOrDefault(s => s.Name == ComputeNodeRows.GroupName);
        // Worst first, then by name: the node that needs a look is at the top left.
        _nodes = [.. all.Where(s => s.Kind == ComputeNodeRows.Kind).OrderByDescending(s => s.State).ThenBy(s => s.Name, StringComparer.Ordinal)];
    }

    private IEnumerable<ServiceHealth> Shown => _onlyProblems ? _nodes.Where(n => n.State != ServiceState.Up || Store.ServiceFreshness(n, _now) != Freshness.Fresh) : _nodes;

    private IEnumerable<(ServiceState State, int Count)> Counts =>
        Enum.GetValues<ServiceState>().Reverse().Select(s => (s, _nodes.Count(n => n.State == s)));

    private ServiceHealth? Selected => _selected is { } n ? _nodes.FirstOrDefault(s => s.Name == n) : null;

    private static string NodeName(ServiceHealth s) => s.Name.StartsWith("node/", StringComparison.Ordinal) ? s.Name[5..] : s.Name;

    private static string Percent(double v) => (100 * v).ToString("0", CultureInfo.InvariantCulture) + " %";

    private static string Width(double v) => Math.Clamp(100 * v, 0, 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private string Tooltip(ServiceHealth s) =>
        string.Join("\n", new[] { $"{NodeName(s)}: {L["ServiceState." + s.State]}", s.Detail ?? "" }.Concat(s.Facts.Select(f => $"{L[f.Key]}: {f.Value}")).Where(l => l.Length > 0));
}
