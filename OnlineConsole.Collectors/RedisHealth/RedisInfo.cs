using System.Globalization;

namespace OnlineConsole.Collectors.RedisHealth;

/// <summary>The reply of Redis' INFO command: "# Section" headers and "field:value" lines.</summary>
public sealed class RedisInfo
{
    private readonly Dictionary<string, string> _fields;

    private RedisInfo(Dictionary<string, string> fields) => _fields = fields;

    /// <exception cref="FormatException">The text is not an INFO reply (no field of one).</exception>
    public static RedisInfo Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#') continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new FormatException($"not an INFO line: '{(line.Length > 60 ? line[..60] : line)}'");
            fields[line[..colon]] = line[(colon + 1)..];
        }
        if (!fields.ContainsKey("redis_version") || !fields.ContainsKey("role")) throw new FormatException("no redis_version or role: not an INFO reply");
        return new RedisInfo(fields);
    }

    public string? this[string field] => _fields.TryGetValue(field, out var v) ? v : null;

    public long? Number(string field) =>
        _fields.TryGetValue(field, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    public string Role => _fields["role"];
    public string Version => _fields["redis_version"];

    /// <summary>Replicas a master reports ("slave0:ip=...,state=online,offset=...,lag=0").</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Replicas =>
        [.. Enumerable.Range(0, (int)(Number("connected_slaves") ?? 0)).Select(i => this["slave" + i.ToString(CultureInfo.InvariantCulture)])
            .Where(v => v is not null)
            .Select(v => (IReadOnlyDictionary<string, string>)v!.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal))];

    /// <summary>Bytes as people read them: 1.5 MB, 2.0 GB.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
