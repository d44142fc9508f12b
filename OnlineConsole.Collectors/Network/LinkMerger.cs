using System.Net;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

public static class LinkMerger
{
    /// <summary>
    /// Links of <paramref name="seen"/> (device name, neighbours), each cable once even when both ends report it,
    /// then the <paramref name="remembered"/> links of earlier discoveries, then the static links, each only where
    /// its ports are not already accounted for: a port has one cable, and what LLDP sees now wins. Remembering
    /// matters because a cable that goes down also loses its LLDP neighbour, and it must stay on the map, in red,
    /// until something else is plugged into its port, or (with <paramref name="now"/>) until it has not been seen for
    /// <paramref name="forgetAfter"/>. Links seen now carry LastSeen = now; remembered ones are marked Unseen.
    /// </summary>
    public static List<NetworkLink> Merge(IEnumerable<(string Device, IReadOnlyList<LldpNeighbour> Neighbours)> seen, IEnumerable<NetworkLink> staticLinks, IEnumerable<NetworkLink>? remembered = null, DateTimeOffset? now = null, TimeSpan? forgetAfter = null)
    {
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(staticLinks);
        var links = new List<NetworkLink>();
        var used = new HashSet<(string, string)>();
        foreach (var (device, neighbours) in seen.OrderBy(s => s.Device, StringComparer.Ordinal))
        {
            foreach (var n in neighbours)
            {
                if (used.Contains((device, n.LocalPort)) || used.Contains((n.RemoteName, n.RemotePort))) continue;
                links.Add(new NetworkLink(device, n.LocalPort, n.RemoteName, n.RemotePort) { LastSeen = now });
                used.Add((device, n.LocalPort));
                used.Add((n.RemoteName, n.RemotePort));
            }
        }
        foreach (var r in (remembered ?? []).Where(l => !l.Static))
        {
            if (used.Contains((r.DeviceA, r.PortA)) || used.Contains((r.DeviceB, r.PortB))) continue;
            // A link remembered from before times were kept counts as seen at its first remembering.
            var lastSeen = r.LastSeen ?? now;
            if (now is { } t && forgetAfter is { } forget && lastSeen is { } ls && t - ls > forget) continue;
            links.Add(r with { LastSeen = lastSeen, Unseen = true });
            used.Add((r.DeviceA, r.PortA));
            used.Add((r.DeviceB, r.PortB));
        }
        foreach (var s in staticLinks)
        {
            if (used.Contains((s.DeviceA, s.PortA)) || used.Contains((s.DeviceB, s.PortB))) continue;
            links.Add(s with { Static = true });
            used.Add((s.DeviceA, s.PortA));
            used.Add((s.DeviceB, s.PortB));
        }
        return links;
    }
}
