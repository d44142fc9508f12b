using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

/// <summary>The IF-MIB columns the poller reads (ifTable 1.3.6.1.2.1.2.2.1, ifXTable 1.3.6.1.2.1.31.1.1.1).</summary>
public static class IfMib
{
    public static readonly Oid SysUpTime = Oid.Parse("1.3.6.1.2.1.1.3.0");
    public static readonly Oid IfEntry = Oid.Parse("1.3.6.1.2.1.2.2.1");
    public static readonly Oid IfXEntry = Oid.Parse("1.3.6.1.2.1.31.1.1.1");

    // ifTable columns
    public const uint Descr = 2, Type = 3, Speed = 5, AdminStatus = 7, OperStatus = 8, InOctets = 10, InUcastPkts = 11,
        InDiscards = 13, InErrors = 14, OutOctets = 16, OutUcastPkts = 17, OutDiscards = 19, OutErrors = 20;

    // ifXTable columns
    public const uint Name = 1, HCInOctets = 6, HCInUcastPkts = 7, HCOutOctets = 10, HCOutUcastPkts = 11, HighSpeed = 15, Alias = 18;

    /// <summary>Every column walked, as (table entry, column) pairs; one walk each, run concurrently.</summary>
    public static IReadOnlyList<Oid> Columns { get; } =
    [
        .. new[] { Descr, Type, Speed, AdminStatus, OperStatus, InOctets, InUcastPkts, InDiscards, InErrors, OutOctets, OutUcastPkts, OutDiscards, OutErrors }.Select(c => IfEntry.Append(c)),
        .. new[] { Name, HCInOctets, HCInUcastPkts, HCOutOctets, HCOutUcastPkts, HighSpeed, Alias }.Select(c => IfXEntry.Append(c)),
    ];
}
