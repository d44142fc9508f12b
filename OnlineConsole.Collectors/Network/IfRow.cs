using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

/// <summary>One interface's raw values at one poll. Counters absent from the agent are null.</summary>
public sealed record IfRow(int Index)
{
    public string? Name { get; set; }
    public string? Descr { get; set; }
    public string? Alias { get; set; }

    /// <summary>IANA ifType (6 ethernetCsmacd, 24 softwareLoopback, 209 bridge...); 0 when the agent did not say.</summary>
    public int IfType { get; set; }
    public int AdminStatus { get; set; }
    public int OperStatus { get; set; }
    public ulong SpeedBits { get; set; }
    public ulong? HighSpeedMbits { get; set; }
    public ulong? InOctets32 { get; set; }
    public ulong? OutOctets32 { get; set; }
    public ulong? HcInOctets { get; set; }
    public ulong? HcOutOctets { get; set; }
    public ulong? InUcast32 { get; set; }
    public ulong? OutUcast32 { get; set; }
    public ulong? HcInUcast { get; set; }
    public ulong? HcOutUcast { get; set; }
    public ulong? InErrors { get; set; }
    public ulong? OutErrors { get; set; }
    public ulong? InDiscards { get; set; }
    public ulong? OutDiscards { get; set; }

    public string DisplayName => !string.IsNullOrEmpty(Name) ? Name : !string.IsNullOrEmpty(Descr) ? Descr : "if" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>ifHighSpeed is in Mb/s and is the only correct value above 4.29 Gb/s, where ifSpeed saturates.</summary>
    public long SpeedBitsPerSecond => HighSpeedMbits is { } h and > 0 ? (long)h * 1_000_000 : (long)SpeedBits;
}
