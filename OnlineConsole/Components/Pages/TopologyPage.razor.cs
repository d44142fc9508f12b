using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using OnlineConsole.Components.Live;
using OnlineConsole.Components.Network;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;
using OnlineConsole.Core.Network;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Pages;

public partial class TopologyPage
{

    private ElementReference _canvas;
    private IJSObjectReference? _view;
    private Dictionary<string, string> _sent = new(StringComparer.Ordinal);
    private string _sentMetrics = "{}";
    private NetworkSnapshot _snapshot = NetworkSnapshot.Empty;
    private Freshness _freshness;
    private bool _dirty = true;
    private string? _selected;
    private string _query = "";
    private string _grouping = "rack";
    private int? _found;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    /// <summary>A device to open at once (a link from a node's row on the Services or Nodes page).</summary>
    [SupplyParameterFromQuery(Name = "device")] public string? Device { get; set; }

    // Services too: the compute-node rows (Prometheus) give the servers' CPU and memory on the hover cards.
    protected override StoreArea Areas => StoreArea.Network | StoreArea.Services;

    private IReadOnlyDictionary<string, (double? Cpu, double? Memory)> _nodes = new Dictionary<string, (double?, double?)>();

    protected override void OnParametersSet()
    {
        if (!string.IsNullOrEmpty(Device)) _selected = "d:" + Device;
    }

    protected override string ModulePath => "./js/topology.js";

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        // Only a change of the network rebuilds the graph; a service change only refreshes the cards' numbers.
        if (batch is not { } b || (b.Areas & StoreArea.Network) != 0 || b.Resync)
        {
            _snapshot = Store.Network.Snapshot;
            _freshness = Store.NetworkFreshness(Store.Time.GetUtcNow());
            _dirty = true;
        }
        var now = Store.Time.GetUtcNow();
        var nodes = new Dictionary<string, (double? Cpu, double? Memory)>(StringComparer.Ordinal);
        foreach (var s in Store.Services.Snapshot())
        {
            if (s.Kind != ComputeNodeRows.Kind || s.State == ServiceState.Down || Store.ServiceFreshness(s, now) != Freshness.Fresh) continue;
            double? Pct(string key) => s.Values.TryGetValue(key, out var v) ? v * 100 : null;
            nodes[s.Name[(s.Name.IndexOf('/', StringComparison.Ordinal) + 1)..]] = (Pct("cpu"), Pct("memory"));
        }
        _nodes = nodes;
    }

    // Null when the page was left while the module loaded: its element is gone.
    protected override async Task CreateAsync(IJSObjectReference module) =>
        _view = await module.InvokeAsync<IJSObjectReference?>("create", _canvas, Self, CardTexts());

    protected override async Task ReleaseAsync(IJSObjectReference module)
    {
        if (_view is null) return;
        await _view.InvokeVoidAsync("dispose");
        await _view.DisposeAsync();
    }

    protected override async Task FeedAsync(IJSObjectReference module)
    {
        if (_view is null) return;
        if (_dirty)
        {
            _dirty = false;
            // Only what changed since the last send travels; the first send is the whole graph.
            var now = TopologyElements.Build(_snapshot);
            var (changed, removed) = TopologyElements.Diff(_sent, now);
            _sent = now;
            if (changed != "[]" || removed.Length > 0) await _view.InvokeVoidAsync("update", changed, removed);
        }
        var metrics = TopologyElements.Metrics(_snapshot, _nodes);
        if (metrics != _sentMetrics) await _view.InvokeVoidAsync("setMetrics", metrics);
        _sentMetrics = metrics;
    }

    [JSInvokable]
    public Task Select(string id)
    {
        _selected = id;
        return InvokeAsync(StateHasChanged);
    }

    private NetworkDevice? SelectedDevice =>
        _selected is { } s && s.StartsWith("d:", StringComparison.Ordinal) ? _snapshot.Devices.FirstOrDefault(d => d.Name == s[2..]) : null;

    private NetworkLink? SelectedLink =>
        _selected is { } s && s.StartsWith("l:", StringComparison.Ordinal) ? _snapshot.Links.FirstOrDefault(l => TopologyElements.EdgeId(l) == s) : null;

    private IEnumerable<NetworkAlarmCandidate> SelectedAlarms =>
        SelectedDevice is { } d ? _snapshot.Alarms.Where(a => a.Device == d.Name)
        : SelectedLink is { } l ? _snapshot.Alarms.Where(a => (a.Device == l.DeviceA && a.Port == l.PortA) || (a.Device == l.DeviceB && a.Port == l.PortB))
        : [];

    private IReadOnlyList<(string Device, PortStatus Port)> LinkPorts(NetworkLink l) =>
        new[] { (l.DeviceA, l.PortA), (l.DeviceB, l.PortB) }
            .Select(e => (e.Item1, _snapshot.Devices.FirstOrDefault(d => d.Name == e.Item1)?.Ports.FirstOrDefault(p => p.Name == e.Item2)))
            .Where(e => e.Item2 is not null).Select(e => (e.Item1, e.Item2!)).ToList();

    private static string Age(TimeSpan t) =>
        t.TotalHours >= 1 ? string.Create(CultureInfo.CurrentCulture, $"{(int)t.TotalHours} h {t.Minutes} min") : string.Create(CultureInfo.CurrentCulture, $"{Math.Max(0, (int)t.TotalMinutes)} min");

    // As the hover card: two decimals below 10 ms (LAN round trips are fractions of one), whole ones above.
    private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0", CultureInfo.CurrentCulture) + " ms";

    private static string Uptime(TimeSpan t) =>
        t.TotalDays >= 1 ? string.Create(CultureInfo.CurrentCulture, $"{(int)t.TotalDays} d {t.Hours} h") : string.Create(CultureInfo.CurrentCulture, $"{t.Hours} h {t.Minutes} min");

    private async Task SearchAsync()
    {
        if (_view is not null) _found = string.IsNullOrWhiteSpace(_query) ? null : await _view.InvokeAsync<int>("search", _query);
    }

    private async Task FitAsync()
    {
        if (_view is not null) await _view.InvokeVoidAsync("fit");
    }

    private async Task GroupAsync()
    {
        if (_view is not null) await _view.InvokeVoidAsync("setGrouping", _grouping);
    }

    private async Task CollapseAsync(bool closed)
    {
        if (_view is not null) await _view.InvokeVoidAsync("collapseAll", closed);
    }

    private Dictionary<string, string> CardTexts()
    {
        var t = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var k in new[] { "Ends", "State", "Speed", "Utilization", "Errors", "Source", "StaticLink", "Role", "Address", "Reachability", "Seen", "NotSeen", "Reachable", "Port", "Link", "ErrorsPerSecond", "Ports", "Up", "Down", "MaxUtilization", "LastSeen", "Cpu", "Memory", "Uptime", "Check", "CheckIcmp", "CheckTcp", "CheckArp", "RoundTrip", "Mean", "NoAnswer", "Loss" })
            t[char.ToLowerInvariant(k[0]) + k[1..]] = L["Net." + k];
        t["unreachable"] = L["Unreachable"];
        t["ago"] = L["Net.Ago"];
        foreach (var s in Enum.GetNames<LinkState>()) t["state_" + s] = L["Net.State." + s];
        foreach (var r in Enum.GetNames<DeviceRole>()) t["role_" + r] = L["Net.Role." + r];
        return t;
    }
}
