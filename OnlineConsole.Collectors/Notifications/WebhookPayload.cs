using System.Globalization;
using OnlineConsole.Core.Notifications;

namespace OnlineConsole.Collectors.Notifications;

/// <summary>
/// The webhook body in Alertmanager's webhook shape (version 4), so receivers written for Alertmanager work
/// unchanged; <c>idempotencyKey</c> and per-alert <c>runNumber</c>/<c>affected</c> are additions they ignore.
/// </summary>
public static class WebhookPayload
{
    public static Dictionary<string, object?> Build(OutgoingNotification n, string receiver, MessageRenderer renderer)
    {
        ArgumentNullException.ThrowIfNull(n);
        ArgumentNullException.ThrowIfNull(renderer);
        var alerts = n.Alarms.Select(a =>
        {
            var labels = new Dictionary<string, string>(a.Labels, StringComparer.Ordinal)
            {
                ["alertname"] = a.Rule.Length > 0 ? a.Rule : a.Key,
                ["severity"] = a.Severity.ToString().ToLowerInvariant(),
                ["key"] = a.Key,
            };
            return new Dictionary<string, object?>
            {
                ["status"] = a.Resolved ? "resolved" : "firing",
                ["labels"] = labels,
                ["annotations"] = new Dictionary<string, string> { ["summary"] = a.Message },
                ["startsAt"] = a.ActiveSince.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                ["endsAt"] = a.ClearedAt is { } c ? c.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) : "0001-01-01T00:00:00Z",
                ["generatorURL"] = renderer.AlarmUrl(a.Key),
                ["fingerprint"] = a.Key + "#" + a.Activation.ToString(CultureInfo.InvariantCulture),
                ["runNumber"] = a.RunNumber,
                ["runState"] = a.RunState?.ToString(),
                ["affected"] = a.Affected,
            };
        }).ToList();
        var common = n.Alarms.Count == 0 ? new Dictionary<string, string>()
            : n.Alarms.Skip(1).Aggregate(new Dictionary<string, string>(n.Alarms[0].Labels, StringComparer.Ordinal), (acc, a) =>
                new Dictionary<string, string>(acc.Where(kv => a.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value), StringComparer.Ordinal));
        return new Dictionary<string, object?>
        {
            ["version"] = "4",
            ["groupKey"] = n.GroupKey,
            ["truncatedAlerts"] = 0,
            ["status"] = n.Firing > 0 || n.Alarms.Count == 0 ? "firing" : "resolved",
            ["receiver"] = receiver,
            ["groupLabels"] = n.GroupLabels,
            ["commonLabels"] = common,
            ["commonAnnotations"] = new Dictionary<string, string>(),
            ["externalURL"] = renderer.AlarmUrl("").Replace("/alarms?key=", "", StringComparison.Ordinal),
            ["alerts"] = alerts,
            ["idempotencyKey"] = n.IdempotencyKey,
            ["kind"] = n.Kind.ToString(),
            ["escalationLevel"] = n.EscalationLevel,
        };
    }
}
