using System.Globalization;

namespace OnlineConsole.Core.Network;

public static class NetworkAlarms
{
    /// <summary>The snapshot with its alarm candidates filled in.</summary>
    public static NetworkSnapshot WithAlarms(NetworkSnapshot snapshot, NetworkAlarmThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot with { Alarms = Evaluate(snapshot, thresholds), Thresholds = thresholds };
    }

    public static IReadOnlyList<NetworkAlarmCandidate> Evaluate(NetworkSnapshot snapshot, NetworkAlarmThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(thresholds);
        var servers = snapshot.Devices.Where(d => d.Role == DeviceRole.Server).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var linksUp = ServerLinksUp(snapshot, servers);
        var switches = snapshot.Devices.Where(d => d.Role != DeviceRole.Server).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var result = new List<NetworkAlarmCandidate>();
        foreach (var d in snapshot.Devices)
        {
            if (d.ReachabilityProbed && !d.Reachable)
                result.Add(new(NetworkAlarmKind.Unreachable, d.Name, null, d.Name + " unreachable!", d.Address is null ? "not reachable" : "not reachable at " + d.Address));
            foreach (var p in d.Ports)
            {
                // A port towards a server is named after the server: that is what the shifter looks for.
                var who = p.Neighbour is { } n && servers.Contains(n) && d.Role != DeviceRole.Server ? n : d.Name + ":" + p.Name;
                // A server NIC facing a known switch mirrors that switch port, which raises the one candidate of the cable.
                var mirrored = d.Role == DeviceRole.Server && p.Neighbour is { } sw && switches.Contains(sw);
                if (p.State == LinkState.Down && p.AdminUp && !mirrored)
                {
                    // A server is down only when all its links are (or it does not answer): one lost uplink of two is a warning.
                    if (who == p.Neighbour && linksUp.TryGetValue(who, out var up) && up.Up > 0)
                        result.Add(new(NetworkAlarmKind.LinkDown, d.Name, p.Name, Invariant($"{who} {p.NeighbourPort ?? d.Name + ":" + p.Name} down"),
                            Invariant($"{d.Name} {p.Name} link down; {who} still has {up.Up} of {up.All} links up")) { Severity = NetworkAlarmSeverity.Warning });
                    else
                        result.Add(new(NetworkAlarmKind.LinkDown, d.Name, p.Name, who + " down!", Invariant($"{d.Name} {p.Name} link down")));
                }
                if (p.RatesKnown && p.ErrorsPerSecond >= thresholds.ErrorsPerSecond)
                    result.Add(new(NetworkAlarmKind.Errors, d.Name, p.Name, who + " error!", Invariant($"{d.Name} {p.Name}: {p.ErrorsPerSecond:0.##} errors/s")));
                if (p.RatesKnown && p.State == LinkState.Up && p.Utilization >= thresholds.Utilization)
                    result.Add(new(NetworkAlarmKind.Utilization, d.Name, p.Name, Invariant($"{who} {p.Utilization * 100:0}%!"), Invariant($"{d.Name} {p.Name}: {p.Utilization * 100:0.#} % of {p.SpeedBitsPerSecond / 1e9:0.##} Gb/s")));
            }
        }
        return result;
    }

    /// <summary>Of each server's links, how many are up and how many there are (by the state of the switch port).</summary>
    private static Dictionary<string, (int Up, int All)> ServerLinksUp(NetworkSnapshot snapshot, HashSet<string> servers)
    {
        var portState = new Dictionary<(string, string), LinkState>();
        foreach (var d in snapshot.Devices.Where(d => d.Role != DeviceRole.Server))
            foreach (var p in d.Ports) portState.TryAdd((d.Name, p.Name), p.State);
        var result = new Dictionary<string, (int Up, int All)>(StringComparer.Ordinal);
        foreach (var l in snapshot.Links)
        {
            var (server, sw, port) = servers.Contains(l.DeviceB) && !servers.Contains(l.DeviceA) ? (l.DeviceB, l.DeviceA, l.PortA)
                : servers.Contains(l.DeviceA) && !servers.Contains(l.DeviceB) ? (l.DeviceA, l.DeviceB, l.PortB) : (null, null, null);
            if (server is null) continue;
            var (up, all) = result.GetValueOrDefault(server);
            result[server] = (up + (portState.GetValueOrDefault((sw!, port!)) == LinkState.Up ? 1 : 0), all + 1);
        }
        return result;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
