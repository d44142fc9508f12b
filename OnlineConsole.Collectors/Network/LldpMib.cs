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
