using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

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
