using System.Globalization;
using System.Text.Json;

namespace OnlineConsole.Collectors.Alerting;

/// <summary>Reading optional fields of posted JSON with an error that names the field.</summary>
internal static class JsonFields
{
    public static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    public static string? String(JsonElement obj, string name, string at, List<string> errors)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.String) return v.GetString();
        errors.Add($"{at}.{name} must be a string");
        return null;
    }

    /// <summary>An object of string values ("labels", "annotations"); empty when absent.</summary>
    public static Dictionary<string, string> StringMap(JsonElement obj, string name, string at, List<string> errors)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return map;
        if (v.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{at}.{name} must be an object of strings");
            return map;
        }
        foreach (var p in v.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{at}.{name}.{Short(p.Name)} must be a string");
                continue;
            }
            map[p.Name] = p.Value.GetString()!;
        }
        return map;
    }

    /// <summary>An RFC 3339 time; null when absent or Go's zero time (0001-01-01, "not set" in Alertmanager).</summary>
    public static DateTimeOffset? Time(JsonElement obj, string name, string at, List<string> errors)
    {
        var s = String(obj, name, at, errors);
        if (string.IsNullOrEmpty(s)) return null;
        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            errors.Add($"{at}.{name} is not an RFC 3339 time ('{Short(s)}')");
            return null;
        }
        return t.Year <= 1 ? null : t;
    }

    /// <summary>Only http(s) addresses become links: a page must never render a "javascript:" href from outside.</summary>
    public static bool IsWebAddress(string? href) =>
        Uri.TryCreate(href, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);

    public static string Short(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..40] + "…";
}
