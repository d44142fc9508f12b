using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Collectors.Alerting;

/// <summary>
/// The Alertmanager webhook (payload version 4) and Grafana's unified-alerting webhook (the same shape with
/// silenceURL, dashboardURL and panelURL per alert) as alarm signals: one per alert, keyed by source, alert name
/// and fingerprint, so a resolved notification clears exactly the alarm its firing one raised.
/// </summary>
public static class WebhookAlertParser
{
    public const string AlertmanagerSource = "alertmanager";
    public const string GrafanaSource = "grafana";

    public static AlarmParseResult ParseAlertmanager(ReadOnlyMemory<byte> body, string source) => Parse(body, source, grafana: false);

    public static AlarmParseResult ParseGrafana(ReadOnlyMemory<byte> body, string source) => Parse(body, source, grafana: true);

    private static AlarmParseResult Parse(ReadOnlyMemory<byte> body, string source, bool grafana)
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
            if (root.ValueKind != JsonValueKind.Object) return AlarmParseResult.Refused("shape", "the body must be a JSON object with an 'alerts' array");
            var errors = new List<string>();
            // Grafana sends its own version ("1"); Alertmanager's shape is fixed by version "4".
            if (!grafana && JsonFields.String(root, "version", "body", errors) is { } version && version != "4")
                return AlarmParseResult.Refused("shape", $"payload version '{JsonFields.Short(version)}' is not supported (4 expected)");
            if (!root.TryGetProperty("alerts", out var alerts) || alerts.ValueKind != JsonValueKind.Array)
                return AlarmParseResult.Refused("shape", "'alerts' is missing or not an array");
            var signals = new List<AlarmSignal>(alerts.GetArrayLength());
            var index = 0;
            foreach (var alert in alerts.EnumerateArray())
            {
                var at = $"alerts[{index++}]";
                var before = errors.Count;
                var signal = Alert(alert, at, source, grafana, errors);
                if (signal is null) continue;
                foreach (var problem in signal.Validate()) errors.Add($"{at}: {problem}");
                if (errors.Count == before) signals.Add(signal);
            }
            return AlarmParseResult.From(signals, errors, "invalid-alert");
        }
    }

    private static AlarmSignal? Alert(JsonElement alert, string at, string source, bool grafana, List<string> errors)
    {
        if (alert.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{at} must be an object");
            return null;
        }
        var before = errors.Count;
        var status = JsonFields.String(alert, "status", at, errors);
        if (status is not ("firing" or "resolved")) errors.Add($"{at}.status must be 'firing' or 'resolved'");
        var labels = JsonFields.StringMap(alert, "labels", at, errors);
        var annotations = JsonFields.StringMap(alert, "annotations", at, errors);
        var startsAt = JsonFields.Time(alert, "startsAt", at, errors);
        var generator = JsonFields.String(alert, "generatorURL", at, errors);
        var fingerprint = JsonFields.String(alert, "fingerprint", at, errors);
        if (!labels.TryGetValue("alertname", out var name) || name.Length == 0) errors.Add($"{at}.labels has no alertname");
        if (errors.Count > before) return null;

        var links = new List<AlarmLink>();
        AddLink(links, grafana ? "Grafana rule" : "Prometheus expression", generator);
        AddLink(links, "Runbook", annotations.GetValueOrDefault("runbook_url"));
        if (grafana)
        {
            AddLink(links, "Dashboard", JsonFields.String(alert, "dashboardURL", at, errors));
            AddLink(links, "Panel", JsonFields.String(alert, "panelURL", at, errors));
            AddLink(links, "Silence in Grafana", JsonFields.String(alert, "silenceURL", at, errors));
        }
        var prefix = grafana ? "grafana" : "am";
        var id = string.IsNullOrEmpty(fingerprint) ? LabelHash(labels) : fingerprint;
        return new AlarmSignal($"{prefix}/{source}/{name}/{id}", status == "firing", AlertSeverityNames.FromLabel(labels.GetValueOrDefault("severity")), Message(annotations, name!))
        {
            Source = grafana ? GrafanaSource : AlertmanagerSource,
            Rule = name!,
            Labels = labels,
            Guidance = annotations.GetValueOrDefault("guidance") is { Length: > 0 } g ? g : annotations.GetValueOrDefault("runbook_url") is { Length: > 0 } r ? r : null,
            Links = links,
            At = startsAt,
        };
    }

    /// <summary>Summary and description when both are given; cut to the signal's limit rather than refusing a long description.</summary>
    private static string Message(Dictionary<string, string> annotations, string alertName)
    {
        var summary = annotations.GetValueOrDefault("summary");
        var description = annotations.GetValueOrDefault("description");
        var text = (summary, description) switch
        {
            ({ Length: > 0 } s, { Length: > 0 } d) when s != d => $"{s} — {d}",
            ({ Length: > 0 } s, _) => s,
            (_, { Length: > 0 } d) => d,
            _ => alertName,
        };
        return text.Length <= AlarmSignal.MaxMessageLength ? text : text[..(AlarmSignal.MaxMessageLength - 1)] + "…";
    }

    private static void AddLink(List<AlarmLink> links, string title, string? href)
    {
        if (JsonFields.IsWebAddress(href)) links.Add(new AlarmLink(title, href!));
    }

    /// <summary>A stable id when the sender gives no fingerprint: the same label set always gives the same key.</summary>
    internal static string LabelHash(Dictionary<string, string> labels)
    {
        var text = new StringBuilder();
        foreach (var (k, v) in labels.OrderBy(kv => kv.Key, StringComparer.Ordinal)) text.Append(k).Append('\0').Append(v).Append('\0');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 8));
    }
}
