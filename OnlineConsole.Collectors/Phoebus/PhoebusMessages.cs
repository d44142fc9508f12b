using System.Text;
using System.Text.Json;
using OnlineConsole.Core.Dcs;

namespace OnlineConsole.Collectors.Phoebus;

/// <summary>What one record of the configuration topic says.</summary>
public enum PhoebusRecordKind
{
    Config,
    State,
    /// <summary>A config tombstone: the item was deleted.</summary>
    Deleted,
    /// <summary>Something the console does not use (the "delete" notice before a tombstone, another key type).</summary>
    Ignored,
}

/// <summary>
/// Reads the records of the Phoebus alarm server's configuration topic, as its JsonModelReader does: the key is
/// "config:/path" or "state:/path"; a config is a leaf when it has a description; a state message has a severity,
/// and a leaf's state has current_severity; a config record without value is a deletion.
/// </summary>
public static class PhoebusMessages
{
    public const string ConfigPrefix = "config:";
    public const string StatePrefix = "state:";
    public const string CommandPrefix = "command:";

    public static (PhoebusRecordKind Kind, string Path, DcsAlarmNode? Node, string? Error) Parse(string? key, byte[]? value, DcsAlarmNode? known)
    {
        if (key is null) return (PhoebusRecordKind.Ignored, "", null, "a record without key");
        var sep = key.IndexOf(':', StringComparison.Ordinal);
        if (sep < 0) return (PhoebusRecordKind.Ignored, "", null, $"key '{Clip(key)}' is not type:path");
        var type = key[..(sep + 1)];
        var path = key[(sep + 1)..];
        if (path.Length < 2 || path[0] != '/') return (PhoebusRecordKind.Ignored, path, null, $"key '{Clip(key)}' has no /path");
        if (type == ConfigPrefix && value is null) return (PhoebusRecordKind.Deleted, path, null, null);
        if (type is not (ConfigPrefix or StatePrefix)) return (PhoebusRecordKind.Ignored, path, null, null);
        if (value is null) return (PhoebusRecordKind.Ignored, path, null, null);
        try
        {
            using var doc = JsonDocument.Parse(value);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (PhoebusRecordKind.Ignored, path, null, "the value is not a JSON object");
            var isState = root.TryGetProperty("severity", out var sev);
            if (type == ConfigPrefix)
            {
                if (isState) return (PhoebusRecordKind.Ignored, path, null, "a config record with state content");
                // The notice of who deletes an item comes before its tombstone.
                if (root.TryGetProperty("delete", out _)) return (PhoebusRecordKind.Ignored, path, null, null);
                var leaf = root.TryGetProperty("description", out var d);
                var node = (known ?? new DcsAlarmNode(path, leaf)) with
                {
                    IsLeaf = leaf || known?.IsLeaf == true,
                    Description = leaf ? d.GetString() : null,
                    Enabled = !root.TryGetProperty("enabled", out var en) || en.ValueKind != JsonValueKind.False,
                    Guidance = root.TryGetProperty("guidance", out var g) && g.ValueKind == JsonValueKind.Array
                        ? [.. g.EnumerateArray().Select(i => (Str(i, "title") ?? "", Str(i, "details") ?? ""))]
                        : [],
                };
                return (PhoebusRecordKind.Config, path, node, null);
            }
            if (!isState) return (PhoebusRecordKind.Ignored, path, null, "a state record without severity");
            if (!TryParseSeverity(sev.GetString(), out var severity)) return (PhoebusRecordKind.Ignored, path, null, $"unknown severity '{Clip(sev.ToString())}'");
            var leafState = root.TryGetProperty("current_severity", out var cs);
            var current = PhoebusSeverity.Ok;
            if (leafState && !TryParseSeverity(cs.GetString(), out current)) return (PhoebusRecordKind.Ignored, path, null, $"unknown current_severity '{Clip(cs.ToString())}'");
            DateTimeOffset? time = null;
            if (root.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.Object
                && t.TryGetProperty("seconds", out var s) && s.TryGetInt64(out var seconds) && seconds is > 0 and < 100_000_000_000)
                time = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks((t.TryGetProperty("nano", out var n) && n.TryGetInt64(out var nano) ? nano : 0) / 100);
            var state = (known ?? new DcsAlarmNode(path, leafState)) with
            {
                IsLeaf = leafState || known?.IsLeaf == true,
                Severity = severity,
                CurrentSeverity = current,
                Message = Str(root, "message"),
                CurrentMessage = Str(root, "current_message"),
                Value = Str(root, "value"),
                Time = time,
            };
            return (PhoebusRecordKind.State, path, state, null);
        }
        catch (JsonException ex)
        {
            return (PhoebusRecordKind.Ignored, path, null, "not JSON: " + ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // A field of the wrong JSON type (a number where a string belongs).
            return (PhoebusRecordKind.Ignored, path, null, ex.Message);
        }
    }

    public static bool TryParseSeverity(string? text, out PhoebusSeverity severity)
    {
        severity = text switch
        {
            "OK" => PhoebusSeverity.Ok,
            "MINOR_ACK" => PhoebusSeverity.MinorAck,
            "MAJOR_ACK" => PhoebusSeverity.MajorAck,
            "INVALID_ACK" => PhoebusSeverity.InvalidAck,
            "UNDEFINED_ACK" => PhoebusSeverity.UndefinedAck,
            "MINOR" => PhoebusSeverity.Minor,
            "MAJOR" => PhoebusSeverity.Major,
            "INVALID" => PhoebusSeverity.Invalid,
            "UNDEFINED" => PhoebusSeverity.Undefined,
            _ => (PhoebusSeverity)(-1),
        };
        return Enum.IsDefined(severity);
    }

    public static string Name(PhoebusSeverity s) => s switch
    {
        PhoebusSeverity.Ok => "OK",
        PhoebusSeverity.MinorAck => "MINOR_ACK",
        PhoebusSeverity.MajorAck => "MAJOR_ACK",
        PhoebusSeverity.InvalidAck => "INVALID_ACK",
        PhoebusSeverity.UndefinedAck => "UNDEFINED_ACK",
        PhoebusSeverity.Minor => "MINOR",
        PhoebusSeverity.Major => "MAJOR",
        PhoebusSeverity.Invalid => "INVALID",
        _ => "UNDEFINED",
    };

    public static bool IsAcknowledged(PhoebusSeverity s) => s is PhoebusSeverity.MinorAck or PhoebusSeverity.MajorAck or PhoebusSeverity.InvalidAck or PhoebusSeverity.UndefinedAck;

    /// <summary>The command message of Phoebus' AlarmClient: {"user","host","command"}.</summary>
    public static byte[] Command(string user, string host, string command) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["user"] = user, ["host"] = host, ["command"] = command });

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "…";

    public static string Example(byte[]? value) => value is null ? "(null)" : Encoding.UTF8.GetString(value, 0, Math.Min(value.Length, 200));
}
