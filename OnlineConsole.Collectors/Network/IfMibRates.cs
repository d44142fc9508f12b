using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

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
