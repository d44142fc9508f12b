using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

/// <summary>
/// HOST-RESOURCES-MIB (RFC 2790) read from a server's SNMP agent: hrSystemUptime, hrProcessorLoad of every
/// processor (averaged) and the RAM row of hrStorageTable (used / size).
/// </summary>
public static class HostResourcesMib
{
    public static readonly Oid SystemUptime = Oid.Parse("1.3.6.1.2.1.25.1.1.0");
    public static readonly Oid ProcessorLoad = Oid.Parse("1.3.6.1.2.1.25.3.3.1.2");
    public static readonly Oid StorageEntry = Oid.Parse("1.3.6.1.2.1.25.2.3.1");
    public static readonly Oid StorageRam = Oid.Parse("1.3.6.1.2.1.25.2.1.2");

    // hrStorageEntry columns
    public const uint StorageType = 2, StorageDescr = 3, StorageUnits = 4, StorageSize = 5, StorageUsed = 6;

    /// <summary>Reads the three; null when the agent answers none of them.</summary>
    public static async Task<NodeMetrics?> PollAsync(SnmpClient client, SnmpTarget target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var uptime = client.GetAsync(target, SystemUptime, ct);
        var loads = WalkAsync(client, target, ProcessorLoad, ct);
        var storage = WalkAsync(client, target, StorageEntry, ct);
        await Task.WhenAll(uptime, loads, storage);
        var malformed = 0;
        return Parse(await uptime, await loads, await storage, ref malformed);
    }

    /// <summary>Metrics from the raw values; values of the wrong type are counted in <paramref name="malformed"/>.</summary>
    public static NodeMetrics? Parse(SnmpValue? uptime, IEnumerable<VarBind> processorLoads, IEnumerable<VarBind> storage, ref int malformed)
    {
        ArgumentNullException.ThrowIfNull(processorLoads);
        ArgumentNullException.ThrowIfNull(storage);
        TimeSpan? up = null;
        if (uptime is { Type: SnmpType.TimeTicks }) up = uptime.AsTimeSpan();
        else if (uptime is { IsException: false }) malformed++;

        var loads = new List<int>();
        foreach (var vb in processorLoads)
        {
            if (!vb.Oid.StartsWith(ProcessorLoad) || vb.Value.IsException) continue;
            if (vb.Value.Type == SnmpType.Integer && vb.Value.AsInt32() is >= 0 and <= 100) loads.Add(vb.Value.AsInt32());
            else malformed++;
        }

        var rows = new Dictionary<uint, StorageRow>();
        foreach (var vb in storage)
        {
            var prefix = StorageEntry.Length;
            if (!vb.Oid.StartsWith(StorageEntry) || vb.Oid.Length != prefix + 2 || vb.Value.IsException) continue;
            var index = vb.Oid[prefix + 1];
            if (!rows.TryGetValue(index, out var row)) rows[index] = row = new StorageRow();
            try
            {
                switch (vb.Oid[prefix])
                {
                    case StorageType: row.Type = vb.Value.AsOid(); break;
                    case StorageDescr: row.Descr = vb.Value.AsString(); break;
                    case StorageUnits: row.Units = vb.Value.AsInt32(); break;
                    case StorageSize: row.Size = vb.Value.AsInt32(); break;
                    case StorageUsed: row.Used = vb.Value.AsInt32(); break;
                }
            }
            catch (InvalidOperationException)
            {
                malformed++;
            }
        }
        double? memory = null;
        if (rows.Values.FirstOrDefault(r => StorageRam.Equals(r.Type) && r.Size > 0) is { } ram)
        {
            // net-snmp counts buffers and page cache as used RAM and lists them as rows of their own: the memory a
            // program could not get is used minus those.
            var reclaimable = rows.Values.Where(r => r.Descr is "Memory buffers" or "Cached memory" && r.Units == ram.Units).Sum(r => (long)r.Used);
            var used = Math.Max(0, ram.Used - reclaimable);
            memory = Math.Round(100.0 * used / ram.Size, 1);
        }
        if (up is null && loads.Count == 0 && memory is null) return null;
        return new NodeMetrics(loads.Count == 0 ? null : Math.Round(loads.Average(), 1), memory, up);
    }

    private static async Task<List<VarBind>> WalkAsync(SnmpClient client, SnmpTarget target, Oid root, CancellationToken ct)
    {
        var list = new List<VarBind>();
        await foreach (var vb in client.WalkAsync(target, root, ct)) list.Add(vb);
        return list;
    }

    private sealed class StorageRow
    {
        public Oid? Type { get; set; }
        public string? Descr { get; set; }
        public int Units { get; set; }
        public int Size { get; set; }
        public int Used { get; set; }
    }
}
