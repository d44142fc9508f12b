using System.Globalization;
using System.Text.Json;
using OnlineConsole.Core.Network;

namespace DiagramsBench.Topology;

/// <summary>
/// The hover card of a node or link, the rows of the console's cardFor (topology-core.js), built on the server:
/// with Blazor.Diagrams the pointer event comes to the server and the card goes back as a render.
/// English only: this is a benchmark page, not an operator page.
/// </summary>
public sealed record HoverCard(string Title, string? Alarm, IReadOnlyList<(string Key, string Value)> Rows)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static HoverCard ForLink(TopologyLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var d = link.Data!.Value;
        string S(string n) => d.GetProperty(n).GetString() ?? "";
        var known = d.GetProperty("known").GetBoolean();
        var rows = new List<(string, string)>
        {
            ("Ends", $"{S("an")}:{S("pa")} ↔ {S("bn")}:{S("pb")}"),
            ("State", State(S("state"))),
        };
        var speed = d.GetProperty("speed").GetInt64();
        if (speed > 0) rows.Add(("Speed", Bits(speed)));
        rows.Add(("Utilization", Util(d.GetProperty("util").GetDouble(), known)));
        rows.Add(("Errors/s", known ? d.GetProperty("errs").GetDouble().ToString("0.00", Inv) + " /s" : "–"));
        if (d.GetProperty("static").GetBoolean()) rows.Add(("Source", "from configuration (no LLDP)"));
        return new HoverCard(S("an") + " – " + S("bn"), link.AlarmText, rows);
    }

    public static HoverCard ForNode(TopologyNode node, IEnumerable<TopologyLink> links, NetworkDevice? device, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(links);
        var d = node.Data;
        var role = node.Role;
        var rows = new List<(string, string)> { ("Role", role switch { "CoreSwitch" => "core switch", "EdgeSwitch" => "edge switch", _ => "server" }) };
        if (d.TryGetProperty("addr", out var addr) && addr.ValueKind == JsonValueKind.String) rows.Add(("Address", addr.GetString()!));
        var reach = d.GetProperty("reach").GetBoolean();
        rows.Add(("Reachability", !d.GetProperty("probed").GetBoolean() ? (reach ? "seen (not probed)" : "not seen (not probed)") : reach ? "reachable" : "Unreachable"));
        if (role == "Server")
        {
            foreach (var l in links.Where(l => !l.IsMeta))
            {
                var e = l.Data!.Value;
                var mine = e.GetProperty("source").GetString() == node.Id;
                var known = e.GetProperty("known").GetBoolean();
                rows.Add(("Port", $"{e.GetProperty(mine ? "bn" : "an").GetString()} {e.GetProperty(mine ? "pb" : "pa").GetString()}"));
                rows.Add(("Link", State(e.GetProperty("state").GetString() ?? "") + (known ? ", " + Util(e.GetProperty("util").GetDouble(), true) + ", " + e.GetProperty("errs").GetDouble().ToString("0.00", Inv) + " errors/s" : "")));
            }
        }
        else
        {
            rows.Add(("Ports", $"{d.GetProperty("up").GetInt32()} up / {d.GetProperty("down").GetInt32()} down / {d.GetProperty("ports").GetInt32()}"));
            if (d.TryGetProperty("maxUtil", out var mu) && mu.ValueKind == JsonValueKind.Number) rows.Add(("Max. utilization", Util(mu.GetDouble(), true)));
        }
        if (device?.Metrics is { } m)
        {
            if (m.CpuPercent is { } cpu) rows.Add(("CPU", cpu.ToString("0", Inv) + " %"));
            if (m.MemoryUsedPercent is { } mem) rows.Add(("Memory used", mem.ToString("0", Inv) + " %"));
            if (m.Uptime is { } up) rows.Add(("Uptime", Ago(up + (now - device.Stamp.UpdatedAt))));
        }
        return new HoverCard(d.GetProperty("name").GetString() ?? node.Id, node.Alarm ? node.Label : null, rows);
    }

    private static string State(string s) => s switch { "Up" => "up", "Down" => "down", _ => "unknown" };

    private static string Util(double util, bool known) => known ? (util * 100).ToString(util < 0.1 ? "0.0" : "0", Inv) + " %" : "–";

    private static string Ago(TimeSpan t)
    {
        var s = Math.Max(0, (long)Math.Round(t.TotalSeconds));
        return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    private static string Bits(double bps)
    {
        string[] units = ["b/s", "kb/s", "Mb/s", "Gb/s", "Tb/s"];
        var u = 0;
        while (bps >= 1000 && u < units.Length - 1)
        {
            bps /= 1000;
            u++;
        }
        return (bps >= 100 || u == 0 ? bps.ToString("0", Inv) : bps >= 10 ? bps.ToString("0.0", Inv) : bps.ToString("0.00", Inv)) + " " + units[u];
    }
}
