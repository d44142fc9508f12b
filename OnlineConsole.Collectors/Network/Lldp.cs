using System.Globalization;
using System.Net;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

/// <summary>LLDP-MIB (IEEE 802.1AB, 1.0.8802.1.1.2) tables used for discovery.</summary>
public static class LldpMib
{
    /// <summary>lldpLocPortEntry, indexed by lldpLocPortNum.</summary>
    public static readonly Oid LocPortEntry = Oid.Parse("1.0.8802.1.1.2.1.3.7.1");

    /// <summary>lldpRemEntry, indexed by lldpRemTimeMark.lldpRemLocalPortNum.lldpRemIndex.</summary>
    public static readonly Oid RemEntry = Oid.Parse("1.0.8802.1.1.2.1.4.1.1");

    /// <summary>lldpRemManAddrEntry: the remote entry's index, then subtype, length and bytes of the address.</summary>
    public static readonly Oid RemManAddrEntry = Oid.Parse("1.0.8802.1.1.2.1.4.2.1");

    public const uint LocPortIdSubtype = 2, LocPortId = 3, LocPortDesc = 4;
    public const uint RemPortIdSubtype = 6, RemPortId = 7, RemPortDesc = 8, RemSysName = 9, RemSysCapEnabled = 12;

    /// <summary>lldpRemManAddrIfSubtype: one column is enough to carry the address index.</summary>
    public const uint RemManAddrIfSubtype = 3;

    public static IReadOnlyList<Oid> Columns { get; } =
    [
        LocPortEntry.Append(LocPortId), LocPortEntry.Append(LocPortDesc),
        RemEntry.Append(RemPortIdSubtype), RemEntry.Append(RemPortId), RemEntry.Append(RemPortDesc), RemEntry.Append(RemSysName), RemEntry.Append(RemSysCapEnabled),
        RemManAddrEntry.Append(RemManAddrIfSubtype),
    ];
}

/// <summary>One neighbour seen on a local port.</summary>
public sealed record LldpNeighbour(string LocalPort, string RemoteName, string RemotePort, IPAddress? ManagementAddress, bool IsBridge);

public static class LldpParser
{
    private sealed class Rem
    {
        public int PortIdSubtype;
        public string? PortId;
        public string? PortDesc;
        public string? SysName;
        public bool Bridge;
        public IPAddress? Address;
    }

    /// <summary>Neighbours of one agent from its walked LLDP columns; unusable rows are counted and skipped.</summary>
    public static List<LldpNeighbour> Parse(IEnumerable<VarBind> varBinds, ref int malformed)
    {
        ArgumentNullException.ThrowIfNull(varBinds);
        var localPorts = new Dictionary<uint, (string? Id, string? Desc)>();
        var remotes = new Dictionary<(uint LocalPort, uint Index), Rem>();
        var remEntry = LldpMib.RemEntry.Length;
        var manEntry = LldpMib.RemManAddrEntry.Length;
        foreach (var vb in varBinds)
        {
            if (vb.Value.IsException) continue;
            var o = vb.Oid;
            try
            {
                if (o.StartsWith(LldpMib.LocPortEntry) && o.Length == LldpMib.LocPortEntry.Length + 2)
                {
                    var num = o[o.Length - 1];
                    localPorts.TryGetValue(num, out var lp);
                    if (o[o.Length - 2] == LldpMib.LocPortId) lp.Id = vb.Value.AsString();
                    else if (o[o.Length - 2] == LldpMib.LocPortDesc) lp.Desc = vb.Value.AsString();
                    localPorts[num] = lp;
                }
                else if (o.StartsWith(LldpMib.RemEntry) && o.Length == remEntry + 4)
                {
                    // Index: timeMark . localPortNum . remIndex; the time mark only orders changes, so it is ignored.
                    var rem = Get(remotes, o[remEntry + 2], o[remEntry + 3]);
                    switch (o[remEntry])
                    {
                        case LldpMib.RemPortIdSubtype: rem.PortIdSubtype = vb.Value.AsInt32(); break;
                        case LldpMib.RemPortId: rem.PortId = PortId(rem.PortIdSubtype, vb.Value); break;
                        case LldpMib.RemPortDesc: rem.PortDesc = vb.Value.AsString(); break;
                        case LldpMib.RemSysName: rem.SysName = vb.Value.AsString(); break;
                        // BITS: bit 2 (0x20 of the first octet) is bridge.
                        case LldpMib.RemSysCapEnabled: rem.Bridge = vb.Value.AsBytes().Span is [var b, ..] && (b & 0x20) != 0; break;
                        default: break;
                    }
                }
                else if (o.StartsWith(LldpMib.RemManAddrEntry) && o.Length > manEntry + 5)
                {
                    // Index: timeMark . localPortNum . remIndex . addrSubtype . addrLength . address bytes
                    var subtype = o[manEntry + 4];
                    var length = o[manEntry + 5];
                    if (subtype != 1 || length != 4 || o.Length != manEntry + 6 + 4) continue;
                    var bytes = new byte[4];
                    for (var i = 0; i < 4; i++) bytes[i] = checked((byte)o[manEntry + 6 + i]);
                    var rem = Get(remotes, o[manEntry + 2], o[manEntry + 3]);
                    rem.Address ??= new IPAddress(bytes);
                }
                else
                {
                    malformed++;
                }
            }
            catch (Exception e) when (e is InvalidOperationException or OverflowException)
            {
                malformed++;
            }
        }

        var result = new List<LldpNeighbour>();
        foreach (var ((localNum, _), rem) in remotes.OrderBy(r => r.Key.LocalPort).ThenBy(r => r.Key.Index))
        {
            var remotePort = !string.IsNullOrEmpty(rem.PortId) ? rem.PortId : rem.PortDesc;
            if (string.IsNullOrEmpty(rem.SysName) || string.IsNullOrEmpty(remotePort))
            {
                malformed++;
                continue;
            }
            localPorts.TryGetValue(localNum, out var lp);
            var localPort = !string.IsNullOrEmpty(lp.Id) ? lp.Id : !string.IsNullOrEmpty(lp.Desc) ? lp.Desc : localNum.ToString(CultureInfo.InvariantCulture);
            result.Add(new LldpNeighbour(localPort, rem.SysName, remotePort, rem.Address, rem.Bridge));
        }
        return result;
    }

    private static Rem Get(Dictionary<(uint, uint), Rem> remotes, uint localPort, uint index)
    {
        if (!remotes.TryGetValue((localPort, index), out var rem)) remotes[(localPort, index)] = rem = new Rem();
        return rem;
    }

    // Port id subtypes 3 (MAC address) and 4 (network address) are binary; the others are text.
    private static string PortId(int subtype, SnmpValue value) =>
        subtype == 3 ? Convert.ToHexString(value.AsBytes().Span).ToLowerInvariant() : value.AsString();
}

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
