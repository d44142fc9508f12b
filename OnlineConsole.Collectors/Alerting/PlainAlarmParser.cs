using System.Text.Json;
using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Collectors.Alerting;

/// <summary>
/// The console's own JSON for scripts (docs/contracts.md, "Alarm ingest"): one object or an array of
/// {key, active, severity, message, labels?, guidance?, links?, at?, rule?}. Keys are kept apart per source
/// ("ingest/SOURCE/KEY") so one script cannot clear another's alarms.
/// </summary>
public static class PlainAlarmParser
{
    public const string SignalSource = "ingest";

    public static AlarmParseResult Parse(ReadOnlyMemory<byte> body, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, JsonFields.Options);
        }
        catch (JsonException ex)
        {
            return AlarmParseResult.Refused("not-json", $"not JSON: {ex.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            var items = root.ValueKind switch
            {
                JsonValueKind.Object => [root],
                JsonValueKind.Array => root.EnumerateArray().ToList(),
                _ => null,
            };
            if (items is null) return AlarmParseResult.Refused("shape", "the body must be a signal object or an array of them");
            var signals = new List<AlarmSignal>(items.Count);
            var errors = new List<string>();
            for (var i = 0; i < items.Count; i++)
            {
                var at = root.ValueKind == JsonValueKind.Array ? $"[{i}]" : "body";
                var before = errors.Count;
                var signal = Signal(items[i], at, source, errors);
                if (signal is null) continue;
                foreach (var problem in signal.Validate()) errors.Add($"{at}: {problem}");
                if (errors.Count == before) signals.Add(signal);
            }
            return AlarmParseResult.From(signals, errors, "invalid-signal");
        }
    }

    private static AlarmSignal? Signal(JsonElement item, string at, string source, List<string> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{at} must be an object");
            return null;
        }
        var before = errors.Count;
        var key = JsonFields.String(item, "key", at, errors);
        if (string.IsNullOrWhiteSpace(key)) errors.Add($"{at}.key is required");
        bool? active = item.TryGetProperty("active", out var a) && a.ValueKind is JsonValueKind.True or JsonValueKind.False ? a.GetBoolean() : null;
        if (active is null) errors.Add($"{at}.active must be true or false");
        var severityName = JsonFields.String(item, "severity", at, errors);
        if (!AlertSeverityNames.TryParse(severityName, out var severity)) errors.Add($"{at}.severity must be critical, major, minor or warning (is '{JsonFields.Short(severityName)}')");
        var message = JsonFields.String(item, "message", at, errors);
        if (message is null) errors.Add($"{at}.message is required");
        var labels = JsonFields.StringMap(item, "labels", at, errors);
        var guidance = JsonFields.String(item, "guidance", at, errors);
        var rule = JsonFields.String(item, "rule", at, errors);
        var time = JsonFields.Time(item, "at", at, errors);
        var links = Links(item, at, errors);
        if (errors.Count > before) return null;
        return new AlarmSignal($"{SignalSource}/{source}/{key}", active!.Value, severity, message!)
        {
            Source = SignalSource,
            Rule = string.IsNullOrEmpty(rule) ? SignalSource : rule,
            Labels = labels,
            Guidance = string.IsNullOrEmpty(guidance) ? null : guidance,
            Links = links,
            At = time,
        };
    }

    private static List<AlarmLink> Links(JsonElement item, string at, List<string> errors)
    {
        var links = new List<AlarmLink>();
        if (!item.TryGetProperty("links", out var v) || v.ValueKind == JsonValueKind.Null) return links;
        if (v.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{at}.links must be an array of {{title, href}}");
            return links;
        }
        var i = 0;
        foreach (var link in v.EnumerateArray())
        {
            var where = $"{at}.links[{i++}]";
            if (link.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{where} must be an object {{title, href}}");
                continue;
            }
            var title = JsonFields.String(link, "title", where, errors);
            var href = JsonFields.String(link, "href", where, errors);
            // A console page ("/network?port=...") or an http(s) address; nothing a browser would run.
            var page = href is { Length: > 1 } h && h[0] == '/' && h[1] != '/' && h[1] != '\\';
            if (string.IsNullOrWhiteSpace(title)) errors.Add($"{where}.title is required");
            else if (!page && !JsonFields.IsWebAddress(href)) errors.Add($"{where}.href must be a console path (/...) or an http(s) address");
            else links.Add(new AlarmLink(title, href!));
        }
        return links;
    }
}
