using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using OnlineConsole.Components.Live;
using OnlineConsole.Components.Network;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Pages;

/// <summary>Switches (sortable, filterable), the selected switch's port grid and table, and one port's detail and trend.</summary>
public partial class NetworkPage : LiveComponentBase
{
    private static readonly string[] SortKeys = ["Index", "Name", "Utilization", "Errors", "State"];
    private NetworkSnapshot _snapshot = NetworkSnapshot.Empty;
    private Freshness _freshness;
    private string _filter = "";
    private string? _switchFilter;
    private string _sort = "Index";
    private string? _port;
    private PortTrend? _trend;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    /// <summary>The selected switch, from the address so it can be linked to (e.g. from the topology).</summary>
    [SupplyParameterFromQuery(Name = "switch")] public string? Switch { get; set; }

    protected override StoreArea Areas => StoreArea.Network;

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        _snapshot = Store.Network.Snapshot;
        _freshness = Store.NetworkFreshness(Store.Time.GetUtcNow());
        ReadTrend();
    }

    [Inject] public required NavigationManager Navigation { get; init; }

    private string? _shownSwitch;

    // The selection lives in the address (a link to a switch is shareable): a row click navigates there too.
    private void SelectSwitch(string name) => Navigation.NavigateTo(SwitchHref(name));

    private static string SwitchHref(string name) => "network?switch=" + Uri.EscapeDataString(name);

    protected override void OnParametersSet()
    {
        if (_shownSwitch == Switch) return;
        _shownSwitch = Switch;
        _port = null;
        _trend = null;
    }

    private void SelectPort(string name)
    {
        _port = name;
        ReadTrend();
    }

    /// <summary>Only the selected port's history is copied out of the store, once per batch.</summary>
    private void ReadTrend() => _trend = _port is { } p && Switch is { } sw ? Store.Network.History.Get(sw, p) : null;

    private PortStatus? SelectedPort(NetworkDevice sw) => _port is null ? null : sw.Ports.FirstOrDefault(p => p.Name == _port);

    private static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.CurrentCulture) + " %";

    private IEnumerable<NetworkDevice> Switches =>
        _snapshot.Devices.Where(d => d.Role != DeviceRole.Server).OrderBy(d => d.Role).ThenBy(d => d.Name, StringComparer.Ordinal);

    private NetworkDevice? SelectedSwitch => _snapshot.Devices.FirstOrDefault(d => d.Name == Switch && d.Role != DeviceRole.Server);

    private bool SwitchMatches(NetworkDevice d)
    {
        var q = _switchFilter?.Trim();
        return string.IsNullOrEmpty(q)
            || d.Name.Contains(q, StringComparison.OrdinalIgnoreCase)
            || (d.Address?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false)
            || L["Net.Role." + d.Role].Value.Contains(q, StringComparison.OrdinalIgnoreCase);
    }

    private string SwitchRowClass(NetworkDevice d, int _) => "clickable" + (d.Name == Switch ? " selected" : "");

    private static int DownPorts(NetworkDevice d) => d.Ports.Count(p => p.State == LinkState.Down && p.AdminUp);

    // -1 when nothing is measured yet, so unmeasured switches sort below idle ones.
    private static double MaxUtilization(NetworkDevice d) => d.Ports.Where(p => p.RatesKnown).Select(p => p.Utilization).DefaultIfEmpty(-1).Max();

    private static double Errors(NetworkDevice d) => d.Ports.Any(p => p.RatesKnown) ? d.Ports.Where(p => p.RatesKnown).Sum(p => p.ErrorsPerSecond) : -1;

    private static string UtilizationText(NetworkDevice d) =>
        MaxUtilization(d) is var u && u >= 0 ? (u * 100).ToString("0", CultureInfo.CurrentCulture) + " %" : "–";

    private static string ErrorsText(NetworkDevice d) =>
        Errors(d) is var e && e >= 0 ? e.ToString("0.##", CultureInfo.CurrentCulture) : "–";

    // Addresses sort numerically (10.0.0.9 before 10.0.0.10), names without one last.
    private static string AddressKey(NetworkDevice d) =>
        d.Address is { } a && IPAddress.TryParse(a, out var ip) ? Convert.ToHexString(ip.GetAddressBytes()) : "~" + d.Address;

    private List<PortStatus> VisiblePorts(NetworkDevice sw)
    {
        var q = _filter.Trim();
        var ports = sw.Ports.Where(p => q.Length == 0
            || p.Name.Contains(q, StringComparison.OrdinalIgnoreCase)
            || (p.Alias?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false)
            || (p.Neighbour?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false));
        return (_sort switch
        {
            "Name" => ports.OrderBy(p => p.Name, StringComparer.Ordinal),
            "Utilization" => ports.OrderByDescending(p => p.RatesKnown ? p.Utilization : -1),
            "Errors" => ports.OrderByDescending(p => p.RatesKnown ? p.ErrorsPerSecond : -1),
            "State" => ports.OrderBy(p => p.State == LinkState.Down ? 0 : p.State == LinkState.Unknown ? 1 : 2).ThenBy(p => p.Index),
            _ => ports.OrderBy(p => p.Index),
        }).ToList();
    }

    // No rates in the title: they change every poll and would re-render every cell; the detail panel has them.
    private string PortTitle(PortStatus p) =>
        $"{p.Name}{(p.Alias is { } a ? " (" + a + ")" : "")}: {PortView.StateText(p, L)}"
        + (p.Neighbour is { } n ? $", {n} {p.NeighbourPort}" : "");
}
