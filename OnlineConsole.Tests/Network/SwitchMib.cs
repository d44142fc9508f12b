using OnlineConsole.Collectors.Network;
using OnlineConsole.Collectors.Snmp;

namespace OnlineConsole.Tests.Network;

/// <summary>The IF-MIB of a small switch for a <see cref="Snmp.FakeAgent"/>: sysUpTime and one row per port.</summary>
internal static class SwitchMib
{
    /// <summary>ifType ethernetCsmacd (6), the type of a front-panel port.</summary>
    public const int Ethernet = 6;

    public static List<VarBind> Build(params (string Name, int IfType, int OperStatus)[] ports)
    {
        var mib = new List<VarBind> { new(IfMib.SysUpTime, SnmpValue.TimeTicks(123_456)) };
        for (var i = 0; i < ports.Length; i++)
        {
            var index = (uint)(i + 1);
            var (name, type, oper) = ports[i];
            VarBind If(uint column, SnmpValue v) => new(IfMib.IfEntry.Append(column, index), v);
            VarBind IfX(uint column, SnmpValue v) => new(IfMib.IfXEntry.Append(column, index), v);
            mib.AddRange(
            [
                If(IfMib.Descr, SnmpValue.OctetString(name)),
                If(3, SnmpValue.Integer(type)),
                If(IfMib.Speed, SnmpValue.Gauge32(1_000_000_000)),
                If(IfMib.AdminStatus, SnmpValue.Integer(1)),
                If(IfMib.OperStatus, SnmpValue.Integer(oper)),
                If(IfMib.InErrors, SnmpValue.Counter32(0)),
                If(IfMib.OutErrors, SnmpValue.Counter32(0)),
                IfX(IfMib.Name, SnmpValue.OctetString(name)),
                IfX(IfMib.HCInOctets, SnmpValue.Counter64(1000 * index)),
                IfX(IfMib.HCOutOctets, SnmpValue.Counter64(2000 * index)),
                IfX(IfMib.HighSpeed, SnmpValue.Gauge32(1000)),
            ]);
        }
        return mib;
    }

    /// <summary>Ethernet ports swp1..swpN, all up.</summary>
    public static List<VarBind> Ports(int n) =>
        Build([.. Enumerable.Range(1, n).Select(i => ($"swp{i}", Ethernet, 1))]);
}
