using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using OnlineConsole.Core.Network;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Network;

public partial class PortTable
{
    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    [Parameter] public IReadOnlyList<PortStatus>? Ports { get; set; }

    /// <summary>Ports of several devices (a link's two ends), shown with the device name.</summary>
    [Parameter] public IReadOnlyList<(string Device, PortStatus Port)>? DevicePorts { get; set; }

    [Parameter] public bool ShowDevice { get; set; }

    /// <summary>The snapshot's thresholds, so the table colours as the grid and the graph do.</summary>
    [Parameter] public NetworkAlarmThresholds Thresholds { get; set; } = NetworkAlarmThresholds.Default;

    private IEnumerable<PortRow> Rows =>
        DevicePorts?.Select(d => new PortRow(d.Device, d.Port)) ?? (Ports ?? []).Select(p => new PortRow("", p));

    // Down first, then unknown, then up; admin-down with the up ones (not a fault).
    private static int StateOrder(PortStatus p) => !p.AdminUp ? 3 : p.State switch { LinkState.Down => 0, LinkState.Unknown => 1, _ => 2 };

    // Unmeasured rates sort below zero.
    private static double Measured(PortStatus p, double value) => p.RatesKnown ? value : -1;

    private static string LevelClass(PortLevel level, PortStatus p) =>
        !p.RatesKnown || p.State != LinkState.Up ? "" : level switch { PortLevel.Alarm => "sev-bad", PortLevel.Warning => "sev-warn", _ => "" };
}
