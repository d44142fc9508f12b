using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnlineConsole.Core.Notifications;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OnlineConsole.Notifications;

/// <summary>
/// The notification configuration as code: YAML with the same keys as the "Notifications" section of the
/// configuration files. It goes through the configuration's JSON form, so the export and the database agree on
/// every field. Secrets are never written.
/// </summary>
public static class NotificationYaml
{
    /// <summary>The file admins download: a comment header, then the configuration without any secret.</summary>
    public static string Export(NotificationOptions options, string header)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(header);
        var lines = string.Concat(header.ReplaceLineEndings("\n").Split('\n').Select(l => "# " + l + "\n"));
        return lines + Write(NotificationSecrets.Map(options, _ => null));
    }

    /// <summary>The configuration as YAML exactly as given: a caller that shows it masks the secrets first.</summary>
    public static string Write(NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var node = JsonNode.Parse(NotificationJson.Serialize(options))!;
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(ToYaml(node))).Save(writer, assignAnchors: false);
        // YamlStream ends a document with "...", which reads as noise in a file meant for people.
        var text = writer.ToString().ReplaceLineEndings("\n");
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <exception cref="FormatException">Not YAML, or not the configuration's shape; the message says where.</exception>
    public static NotificationOptions Import(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new FormatException($"Line {ex.Start.Line}, column {ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new FormatException("The file must hold one YAML document whose top level is a mapping (Enabled:, Route:, ContactPoints:, ...).");
        try
        {
            return NotificationJson.Deserialize(ToJson(root)!.ToJsonString());
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{ex.Path?.TrimStart('$', '.')}: {ex.Message}", ex);
        }
    }

    private static YamlNode ToYaml(JsonNode? node) => node switch
    {
        JsonObject o => new YamlMappingNode(o.Select(kv => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(kv.Key), ToYaml(kv.Value)))),
        JsonArray a => a.Count == 0
            ? new YamlSequenceNode { Style = YamlDotNet.Core.Events.SequenceStyle.Flow }
            : new YamlSequenceNode(a.Select(ToYaml)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => new YamlScalarNode(v.GetValue<string>()) { Style = ScalarStyle.DoubleQuoted },
        JsonValue v => new YamlScalarNode(v.ToJsonString()),
        _ => new YamlScalarNode("null"),
    };

    private static JsonNode? ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode m:
                var o = new JsonObject();
                foreach (var (k, v) in m.Children)
                {
                    var key = ((YamlScalarNode)k).Value ?? "";
                    if (o.ContainsKey(key)) throw new FormatException($"Line {k.Start.Line}: '{key}' is given twice.");
                    o[key] = ToJson(v);
                }
                return o;
            case YamlSequenceNode s:
                return new JsonArray([.. s.Children.Select(ToJson)]);
            case YamlScalarNode { Style: ScalarStyle.Plain } p:
                var text = p.Value ?? "";
                if (text is "" or "~" or "null") return null;
                if (text is "true" or "false") return JsonValue.Create(text == "true");
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && text.Any(char.IsDigit) && !text.Contains(':', StringComparison.Ordinal))
                    return JsonValue.Create(d);
                return JsonValue.Create(text);
            case YamlScalarNode q:
                return JsonValue.Create(q.Value ?? "");
            default:
                throw new FormatException($"Line {node.Start.Line}: aliases and tags are not part of the configuration.");
        }
    }
}
