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

/// <summary>All interfaces of one agent at one instant.</summary>
public sealed record IfSample(DateTimeOffset At, TimeSpan? UpTime, IReadOnlyDictionary<int, IfRow> Rows);

public static class IfMibParser
{
    /// <summary>
    /// Builds rows from walked variables. A value of the wrong type or an index that is not one arc is counted in
    /// <paramref name="malformed"/> and skipped; the other values still count.
    /// </summary>
    public static Dictionary<int, IfRow> Parse(IEnumerable<VarBind> varBinds, ref int malformed)
    {
        ArgumentNullException.ThrowIfNull(varBinds);
        var rows = new Dictionary<int, IfRow>();
        foreach (var vb in varBinds)
        {
            var table = vb.Oid.StartsWith(IfMib.IfEntry) ? 1 : vb.Oid.StartsWith(IfMib.IfXEntry) ? 2 : 0;
            var prefix = table == 1 ? IfMib.IfEntry.Length : IfMib.IfXEntry.Length;
            if (table == 0 || vb.Oid.Length != prefix + 2 || vb.Oid[prefix + 1] is 0 or > int.MaxValue || vb.Value.IsException)
            {
                if (table == 0 || !vb.Value.IsException) malformed++;
                continue;
            }
            var column = vb.Oid[prefix];
            var index = (int)vb.Oid[prefix + 1];
            if (!rows.TryGetValue(index, out var row)) rows[index] = row = new IfRow(index);
            try
            {
                if (table == 1) SetIf(row, column, vb.Value);
                else SetIfX(row, column, vb.Value);
            }
            catch (InvalidOperationException)
            {
                malformed++;
            }
        }
        return rows;
    }

    private static void SetIf(IfRow r, uint column, SnmpValue v)
    {
        switch (column)
        {
            case IfMib.Descr: r.Descr = v.AsString(); break;
            case IfMib.Type: r.IfType = v.AsInt32(); break;
            case IfMib.Speed: r.SpeedBits = v.AsUInt32(); break;
            case IfMib.AdminStatus: r.AdminStatus = v.AsInt32(); break;
            case IfMib.OperStatus: r.OperStatus = v.AsInt32(); break;
            case IfMib.InOctets: r.InOctets32 = v.AsUInt32(); break;
            case IfMib.InUcastPkts: r.InUcast32 = v.AsUInt32(); break;
            case IfMib.InDiscards: r.InDiscards = v.AsUInt32(); break;
            case IfMib.InErrors: r.InErrors = v.AsUInt32(); break;
            case IfMib.OutOctets: r.OutOctets32 = v.AsUInt32(); break;
            case IfMib.OutUcastPkts: r.OutUcast32 = v.AsUInt32(); break;
            case IfMib.OutDiscards: r.OutDiscards = v.AsUInt32(); break;
            case IfMib.OutErrors: r.OutErrors = v.AsUInt32(); break;
            default: break;
        }
    }

    private static void SetIfX(IfRow r, uint column, SnmpValue v)
    {
        switch (column)
        {
            case IfMib.Name: r.Name = v.AsString(); break;
            case IfMib.Alias: r.Alias = v.AsString(); break;
            case IfMib.HighSpeed: r.HighSpeedMbits = v.AsUInt32(); break;
            case IfMib.HCInOctets: r.HcInOctets = v.AsUInt64(); break;
            case IfMib.HCInUcastPkts: r.HcInUcast = v.AsUInt64(); break;
            case IfMib.HCOutOctets: r.HcOutOctets = v.AsUInt64(); break;
            case IfMib.HCOutUcastPkts: r.HcOutUcast = v.AsUInt64(); break;
            default: break;
        }
    }
}

/// <summary>Port states and rates from two consecutive samples of one agent.</summary>
public static class IfMibRates
{
    public static LinkState State(int operStatus) => operStatus switch
    {
        1 => LinkState.Up,
        // down, notPresent, lowerLayerDown: no traffic can pass.
        2 or 6 or 7 => LinkState.Down,
        _ => LinkState.Unknown,
    };

    /// <summary>
    /// Ports of <paramref name="current"/>. Rates use the 64-bit HC counters where the agent has them, else the 32-bit
    /// ones; they are unknown (<see cref="PortStatus.RatesKnown"/> false) without a previous sample, after sysUpTime
    /// went backwards (agent restart: the counters started again from zero) and when a counter is missing.
    /// </summary>
    public static List<PortStatus> Compute(IfSample? previous, IfSample current, Func<IfRow, (string? Neighbour, string? NeighbourPort)>? neighbours = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        var elapsed = previous is null ? TimeSpan.Zero : current.At - previous.At;
        var restarted = previous?.UpTime is { } pu && current.UpTime is { } cu && cu < pu;
        var ports = new List<PortStatus>(current.Rows.Count);
        foreach (var row in current.Rows.Values.OrderBy(r => r.Index))
        {
            IfRow? old = null;
            var comparable = previous is not null && !restarted && elapsed > TimeSpan.Zero && previous.Rows.TryGetValue(row.Index, out old);
            double? Rate(Func<IfRow, ulong?> hc, Func<IfRow, ulong?> c32)
            {
                if (!comparable) return null;
                if (hc(row) is { } h && hc(old!) is { } ho) return CounterRate.PerSecond(ho, h, elapsed, 64, previous!.UpTime, current.UpTime);
                if (c32(row) is { } c && c32(old!) is { } co) return CounterRate.PerSecond(co, c, elapsed, 32, previous!.UpTime, current.UpTime);
                return null;
            }
            var inOctets = Rate(r => r.HcInOctets, r => r.InOctets32);
            var outOctets = Rate(r => r.HcOutOctets, r => r.OutOctets32);
            var inPkts = Rate(r => r.HcInUcast, r => r.InUcast32);
            var outPkts = Rate(r => r.HcOutUcast, r => r.OutUcast32);
            var inErr = Rate(_ => null, r => r.InErrors);
            var outErr = Rate(_ => null, r => r.OutErrors);
            var inDisc = Rate(_ => null, r => r.InDiscards);
            var outDisc = Rate(_ => null, r => r.OutDiscards);
            var known = inOctets is not null && outOctets is not null;
            var (neighbour, neighbourPort) = neighbours?.Invoke(row) ?? (null, null);
            ports.Add(new PortStatus(row.Index, row.DisplayName, State(row.OperStatus), row.SpeedBitsPerSecond,
                (inOctets ?? 0) * 8, (outOctets ?? 0) * 8, (inErr ?? 0) + (outErr ?? 0), (inDisc ?? 0) + (outDisc ?? 0), neighbour)
            {
                Alias = string.IsNullOrEmpty(row.Alias) ? null : row.Alias,
                AdminUp = row.AdminStatus != 2,
                RatesKnown = known,
                InPacketsPerSecond = inPkts ?? 0,
                OutPacketsPerSecond = outPkts ?? 0,
                NeighbourPort = neighbourPort,
            });
        }
        return ports;
    }
}
