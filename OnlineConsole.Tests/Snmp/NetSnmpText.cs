using System.Globalization;
using System.Text;
using OnlineConsole.Collectors.Snmp;

namespace OnlineConsole.Tests.Snmp;

/// <summary>net-snmp's text output with -On -Ob -Oe -OQ -Ot and no MIBs loaded, for comparing our values with its tools.</summary>
internal static class NetSnmpText
{
    /// <summary>The "OID = value" lines of a walk, with the lines of wrapped hex strings joined back.</summary>
    public static List<(string Oid, string Value)> ParseWalk(string output)
    {
        var rows = new List<(string Oid, string Value)>();
        foreach (string line in output.Split('\n'))
        {
            int separator = line.IndexOf(" = ", StringComparison.Ordinal);
            if (line.StartsWith('.') && separator > 0)
            {
                rows.Add((line[..separator], line[(separator + 3)..]));
            }
            else if (line.Length > 0)
            {
                rows[^1] = (rows[^1].Oid, rows[^1].Value + line);
            }
        }
        return rows;
    }

    public static string Format(Oid oid) => "." + oid;

    public static string Format(SnmpValue value) => value.Type switch
    {
        SnmpType.Integer => value.AsInt32().ToString(CultureInfo.InvariantCulture),
        SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks or SnmpType.Counter64 => value.AsUInt64().ToString(CultureInfo.InvariantCulture),
        SnmpType.OctetString => FormatOctets(value.AsBytes().Span),
        SnmpType.ObjectIdentifier => Format(value.AsOid()),
        SnmpType.IpAddress => value.AsIpAddress().ToString(),
        _ => throw new NotSupportedException($"No net-snmp format for {value.Type} here."),
    };

    // As net-snmp prints an OCTET STRING without a display hint: quoted text when every byte is printable or
    // white space, otherwise "XX " per byte.
    private static string FormatOctets(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder("\"");
        bool printable = true;
        foreach (byte b in bytes)
        {
            printable &= b is >= 0x20 and < 0x7F or >= 0x09 and <= 0x0D;
        }
        foreach (byte b in bytes)
        {
            if (!printable)
            {
                text.Append(CultureInfo.InvariantCulture, $"{b:X2} ");
            }
            else
            {
                text.Append(b is (byte)'"' or (byte)'\\' ? "\\" : "").Append((char)b);
            }
        }
        return text.Append('"').ToString();
    }
}
