using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace OnlineConsole.Collectors.Supervisor;

/// <summary>
/// The subset of XML-RPC supervisord uses: string, int/i4, boolean, double, array, struct, fault.
/// Values come back as string, int, bool, double, IReadOnlyList&lt;object?&gt; or IReadOnlyDictionary&lt;string, object?&gt;.
/// </summary>
public static class XmlRpc
{
    public static string Call(string method, params object[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var sb = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>");
        sb.Append(Escape(method)).Append("</methodName><params>");
        foreach (var a in args)
        {
            sb.Append("<param><value>");
            sb.Append(a switch
            {
                bool b => $"<boolean>{(b ? 1 : 0)}</boolean>",
                int i => $"<int>{i.ToString(CultureInfo.InvariantCulture)}</int>",
                _ => $"<string>{Escape(Convert.ToString(a, CultureInfo.InvariantCulture) ?? "")}</string>",
            });
            sb.Append("</value></param>");
        }
        return sb.Append("</params></methodCall>").ToString();
    }

    /// <summary>Parses a methodResponse; throws <see cref="SupervisorFaultException"/> for a fault.</summary>
    public static object? ParseResponse(string xml)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(xml, LoadOptions.None);
        }
        catch (XmlException e)
        {
            throw new SupervisorMalformedException("Reply is not XML.", e);
        }
        var root = doc.Root;
        if (root?.Name != "methodResponse") throw new SupervisorMalformedException("No methodResponse element.");
        var fault = root.Element("fault");
        if (fault is not null)
        {
            if (ParseValue(fault.Element("value")) is not IReadOnlyDictionary<string, object?> f
                || f.GetValueOrDefault("faultCode") is not int code)
                throw new SupervisorMalformedException("Fault without faultCode.");
            throw new SupervisorFaultException(code, f.GetValueOrDefault("faultString") as string ?? "");
        }
        var value = root.Element("params")?.Element("param")?.Element("value")
            ?? throw new SupervisorMalformedException("Reply has no params/param/value.");
        return ParseValue(value);
    }

    private static object? ParseValue(XElement? value)
    {
        if (value is null) throw new SupervisorMalformedException("Missing value element.");
        var typed = value.Elements().FirstOrDefault();
        if (typed is null) return value.Value; // an untyped value is a string
        var text = typed.Value;
        switch (typed.Name.LocalName)
        {
            case "string": return text;
            case "int" or "i4":
                return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
                    ? i : throw new SupervisorMalformedException($"Bad int '{Clip(text)}'.");
            case "boolean":
                return text.Trim() switch
                {
                    "1" => true,
                    "0" => false,
                    _ => throw new SupervisorMalformedException($"Bad boolean '{Clip(text)}'."),
                };
            case "double":
                return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    ? d : throw new SupervisorMalformedException($"Bad double '{Clip(text)}'.");
            case "nil": return null;
            case "array":
                var data = typed.Element("data") ?? throw new SupervisorMalformedException("Array without data.");
                return data.Elements("value").Select(ParseValue).ToList();
            case "struct":
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var m in typed.Elements("member"))
                {
                    var name = m.Element("name")?.Value ?? throw new SupervisorMalformedException("Member without name.");
                    map[name] = ParseValue(m.Element("value"));
                }
                return map;
            default: throw new SupervisorMalformedException($"Unknown XML-RPC type '{typed.Name.LocalName}'.");
        }
    }

    private static string Escape(string s) =>
        s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
         .Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40];
}
