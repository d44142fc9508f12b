using System.Text.Json;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Components.Network;

/// <summary>
/// The graph's elements for the browser, each as compact JSON by id, so that after the first full send only the
/// elements whose JSON changed (and the ids that disappeared) travel.
/// </summary>
public static class TopologyElements
{
    public static string NodeId(string device) => "d:" + device;

    public static string EdgeId(NetworkLink l) => $"l:{l.DeviceA}:{l.PortA}|{l.DeviceB}:{l.PortB}";

    public static Dictionary<string, string> Build(NetworkSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var devices = snapshot.Devices.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var portAlarm = new Dictionary<(string, string), string>();
        var portWarning = new Dictionary<(string, string), string>();
        var deviceAlarm = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in snapshot.Alarms)
        {
            if (a.Port is { } p) (a.Severity == NetworkAlarmSeverity.Alarm ? portAlarm : portWarning).TryAdd((a.Device, p), a.Label);
            else deviceAlarm.TryAdd(a.Device, a.Label);
        }
        // Servers hang off a switch (the first link's, when dual-homed): that is their rack unless one is configured.
        var uplink = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var l in snapshot.Links)
        {
            if (devices.TryGetValue(l.DeviceB, out var b) && b.Role == DeviceRole.Server && devices.TryGetValue(l.DeviceA, out var a) && a.Role != DeviceRole.Server) uplink.TryAdd(b.Name, a.Rack ?? a.Name);
            if (devices.TryGetValue(l.DeviceA, out var a2) && a2.Role == DeviceRole.Server && devices.TryGetValue(l.DeviceB, out var b2) && b2.Role != DeviceRole.Server) uplink.TryAdd(a2.Name, b2.Rack ?? b2.Name);
        }
        // Without racks, a switch servers hang from is in the group named after it, with them (a core switch too).
        var hasServers = uplink.Values.ToHashSet(StringComparer.Ordinal);
        var linkAlarmOfServer = new Dictionary<string, string>(StringComparer.Ordinal);
        var linkWarningOfServer = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var l in snapshot.Links)
        {
            foreach (var (labels, of) in new[] { (portAlarm, linkAlarmOfServer), (portWarning, linkWarningOfServer) })
            {
                var label = EdgeAlarm(l, labels);
                if (label is null) continue;
                foreach (var end in new[] { l.DeviceA, l.DeviceB })
                    if (devices.TryGetValue(end, out var d) && d.Role == DeviceRole.Server) of.TryAdd(end, label);
            }
        }
        foreach (var d in snapshot.Devices)
        {
            var up = d.Ports.Count(p => p.State == LinkState.Up);
            var down = d.Ports.Count(p => p.State == LinkState.Down && p.AdminUp);
            var known = d.Ports.Where(p => p.RatesKnown).ToList();
            // A server in alarm carries its link's label: that is the name the shifter looks for.
            var alarm = deviceAlarm.GetValueOrDefault(d.Name) ?? (d.Role == DeviceRole.Server ? linkAlarmOfServer.GetValueOrDefault(d.Name) : null);
            // A server that lost one of its uplinks is still up: amber, with what it lost, not red.
            var warning = alarm is null && d.Role == DeviceRole.Server ? linkWarningOfServer.GetValueOrDefault(d.Name) : null;
            var node = new Dictionary<string, object?>
            {
                ["id"] = NodeId(d.Name), ["kind"] = "node", ["name"] = d.Name, ["label"] = alarm ?? warning ?? d.Name, ["role"] = d.Role.ToString(),
                ["rack"] = d.Rack ?? (d.Role == DeviceRole.Server ? uplink.GetValueOrDefault(d.Name) : hasServers.Contains(d.Name) ? d.Name : null),
                ["addr"] = d.Address, ["reach"] = d.Reachable, ["probed"] = d.ReachabilityProbed, ["alarm"] = alarm, ["warn"] = warning,
                ["ports"] = d.Ports.Count, ["up"] = up, ["down"] = down,
                ["maxUtil"] = known.Count == 0 ? null : Math.Round(known.Max(p => p.Utilization), 3),
            };
            result[NodeId(d.Name)] = JsonSerializer.Serialize(node);
        }
        foreach (var l in snapshot.Links)
        {
            if (!devices.ContainsKey(l.DeviceA) || !devices.ContainsKey(l.DeviceB)) continue;
            var ends = new[] { Port(devices, l.DeviceA, l.PortA), Port(devices, l.DeviceB, l.PortB) }.Where(p => p is not null).Cast<PortStatus>().ToList();
            var measured = ends.Where(p => p.RatesKnown).ToList();
            var state = ends.Any(p => p.State == LinkState.Down) ? LinkState.Down : ends.Any(p => p.State == LinkState.Up) ? LinkState.Up : LinkState.Unknown;
            var edge = new Dictionary<string, object?>
            {
                ["id"] = EdgeId(l), ["kind"] = "edge", ["source"] = NodeId(l.DeviceA), ["target"] = NodeId(l.DeviceB),
                ["an"] = l.DeviceA, ["pa"] = l.PortA, ["bn"] = l.DeviceB, ["pb"] = l.PortB, ["state"] = state.ToString(),
                ["speed"] = ends.Count == 0 ? 0 : ends.Max(p => p.SpeedBitsPerSecond),
                ["known"] = measured.Count > 0,
                ["util"] = measured.Count == 0 ? 0 : Math.Round(measured.Max(p => p.Utilization), 3),
                ["errs"] = measured.Count == 0 ? 0 : Math.Round(measured.Max(p => p.ErrorsPerSecond), 2),
                ["static"] = l.Static, ["alarm"] = EdgeAlarm(l, portAlarm), ["warn"] = EdgeAlarm(l, portAlarm) is null ? EdgeAlarm(l, portWarning) : null,
                // The colour of the link, by the snapshot's thresholds (the ones the alarms were evaluated with).
                ["level"] = (ends.Count == 0 ? PortLevel.Normal : ends.Max(p => snapshot.Thresholds.Level(p))).ToString(),
                ["unseen"] = l.Unseen,
                ["lastSeen"] = l.Unseen && l.LastSeen is { } seen ? seen.ToUnixTimeMilliseconds() : null,
            };
            result[EdgeId(l)] = JsonSerializer.Serialize(edge);
        }
        return result;
    }

    /// <summary>
    /// Host metrics by node id as one JSON object {id: [cpu %, memory %, boot time in Unix ms, check, last round
    /// trip ms, mean round trip ms, loss %, window min]}, only for devices that report metrics or are probed (the
    /// figures a device lacks are null; check is "icmp", "tcp:PORT" or "arp:INTERFACE"). Kept apart from the elements: CPU changes at every poll, and re-sending thousands of nodes
    /// (and restyling them in the browser) for a number only a hover card shows would cost more than the graph.
    /// The boot time, not the uptime, travels, so it stays the same between polls.
    /// </summary>
    /// <param name="nodes">CPU and memory in % by server name from the compute-node rows (Prometheus): where a server has
    /// them, the hover card shows them, so it and the node table show the same numbers.</param>
    public static string Metrics(NetworkSnapshot snapshot, IReadOnlyDictionary<string, (double? Cpu, double? Memory)>? nodes = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var result = new SortedDictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (var d in snapshot.Devices)
        {
            var node = nodes is not null && nodes.TryGetValue(d.Name, out var n) ? n : ((double?)null, (double?)null);
            if (d.Metrics is null && d.Reachability is null && node.Item1 is null && node.Item2 is null) continue;
            var m = d.Metrics;
            long? boot = m?.Uptime is { } up ? (d.Stamp.UpdatedAt - up).ToUnixTimeMilliseconds() / 60_000 * 60_000 : null;
            var cpu = node.Item1 ?? m?.CpuPercent;
            var memory = node.Item2 ?? m?.MemoryUsedPercent;
            object?[] row = [cpu is { } c ? Math.Round(c) : null, memory is { } mem ? Math.Round(mem) : null, boot];
            if (d.Reachability is { } r)
                row = [.. row, CheckName(r), Round(r.LastRttMs), Round(r.AverageRttMs), Math.Round(r.Loss * 100, 1), Math.Round(r.Window.TotalMinutes, 1)];
            result[NodeId(d.Name)] = row;
        }
        return JsonSerializer.Serialize(result);
    }

    /// <summary>"icmp", "tcp:22" for a TCP check of port 22, or "arp:eth0" for ARP on eth0: the hover card and the detail name the check.</summary>
    public static string CheckName(ReachabilityStats r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Method switch
        {
            ReachabilityMethod.Tcp => "tcp:" + r.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ReachabilityMethod.Arp => "arp:" + (r.Interface ?? "–"),
            _ => "icmp",
        };
    }

    // Round trips on a LAN are fractions of a millisecond: three decimals keep them apart.
    private static double? Round(double? ms) => ms is { } v ? Math.Round(v, 3) : null;

    /// <summary>What changed from <paramref name="before"/> to <paramref name="after"/>: a JSON array of elements and the removed ids.</summary>
    public static (string ChangedJson, string[] Removed) Diff(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changed = after.Where(kv => !before.TryGetValue(kv.Key, out var old) || old != kv.Value).Select(kv => kv.Value);
        // Nodes before edges: an edge may only be added once both of its ends exist.
        var ordered = changed.OrderBy(json => json.Contains("\"kind\":\"edge\"", StringComparison.Ordinal) ? 1 : 0);
        var removed = before.Keys.Where(k => !after.ContainsKey(k)).ToArray();
        return ("[" + string.Join(",", ordered) + "]", removed);
    }

    private static PortStatus? Port(Dictionary<string, NetworkDevice> devices, string device, string port) =>
        devices.TryGetValue(device, out var d) ? d.Ports.FirstOrDefault(p => p.Name == port) : null;

    private static string? EdgeAlarm(NetworkLink l, Dictionary<(string, string), string> portAlarm) =>
        portAlarm.GetValueOrDefault((l.DeviceA, l.PortA)) ?? portAlarm.GetValueOrDefault((l.DeviceB, l.PortB));
}
