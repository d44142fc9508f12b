using System.Globalization;
using System.Net;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

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
