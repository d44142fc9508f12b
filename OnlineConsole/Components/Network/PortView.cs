using System.Globalization;
using Microsoft.Extensions.Localization;
using OnlineConsole.Core.Network;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Network;

/// <summary>How a port is shown: one colour rule for the grid, the tables and the graph.</summary>
public static class PortView
{
    /// <summary>
    /// Down (red) beats errors in alarm (orange) beats utilization in alarm (hot) beats a warning (amber: loaded or
    /// a few errors) beats green shades of load; admin-down and unmeasured are grey. The thresholds are the
    /// snapshot's (<see cref="NetworkSnapshot.Thresholds"/>), the same the alarm candidates were evaluated with.
    /// </summary>
    public static string RowClass(PortStatus p, NetworkAlarmThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (!p.AdminUp) return "port-admin";
        if (p.State == LinkState.Down) return "port-down";
        if (p.State == LinkState.Unknown) return "port-unknown";
        if (!p.RatesKnown) return "port-pending";
        if (thresholds.ErrorLevel(p.ErrorsPerSecond) == PortLevel.Alarm) return "port-errors";
        return thresholds.Level(p) switch
        {
            PortLevel.Alarm => "port-hot",
            PortLevel.Warning => "port-warn",
            // Three shades below the warning level.
            _ => "port-util" + Math.Clamp((int)(p.Utilization / thresholds.UtilizationWarning * 3), 0, 2).ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>How a port's state is told in a table: a level, its colour class (theme-aware) and an icon.</summary>
    public readonly record struct Severity(string Level, string Css, string Icon);

    /// <summary>The table's reading of <see cref="RowClass"/>: down or errors/load in alarm, warning, fine, or not measured.</summary>
    public static Severity SeverityOf(PortStatus p, NetworkAlarmThresholds thresholds) => RowClass(p, thresholds) switch
    {
        "port-down" or "port-errors" or "port-hot" => new("alarm", "sev-bad", MudBlazor.Icons.Material.Filled.Error),
        "port-warn" => new("warning", "sev-warn", MudBlazor.Icons.Material.Filled.Warning),
        "port-admin" or "port-unknown" or "port-pending" => new("none", "sev-muted", MudBlazor.Icons.Material.Filled.RemoveCircleOutline),
        _ => new("ok", "sev-ok", MudBlazor.Icons.Material.Filled.CheckCircle),
    };

    public static string StateText(PortStatus p, IStringLocalizer<UiText> l)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(l);
        return p.AdminUp ? l["Net.State." + p.State] : l["Net.AdminDown"];
    }

    public static string Bits(double bps)
    {
        string[] units = ["b/s", "kb/s", "Mb/s", "Gb/s", "Tb/s"];
        var u = 0;
        while (bps >= 1000 && u < units.Length - 1)
        {
            bps /= 1000;
            u++;
        }
        return bps.ToString(bps >= 100 || u == 0 ? "0" : "0.0", CultureInfo.CurrentCulture) + " " + units[u];
    }
}
