using System.Security.Cryptography;
using System.Text;

namespace OnlineConsole.Core.Notifications;

/// <summary>
/// Several messages for one contact point as one (a rate-limited robot): every alarm of every message, the worst
/// first, so the summary line counts them all and nothing is lost.
/// </summary>
public static class NotificationMerge
{
    public static OutgoingNotification Merge(IReadOnlyList<OutgoingNotification> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0) throw new ArgumentException("nothing to merge", nameof(messages));
        if (messages.Count == 1) return messages[0];
        var alarms = messages.SelectMany(m => m.Alarms)
            .GroupBy(a => (a.Key, a.Activation, a.Resolved)).Select(g => g.First())
            .OrderBy(a => a.Resolved).ThenByDescending(a => a.Severity).ThenBy(a => a.Key, StringComparer.Ordinal).ToList();
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", messages.Select(m => m.IdempotencyKey).Order(StringComparer.Ordinal)))))[..32];
        return new OutgoingNotification
        {
            IdempotencyKey = key,
            ContactPoint = messages[0].ContactPoint,
            Kind = messages.All(m => m.Kind == messages[0].Kind) ? messages[0].Kind : NotificationKind.Group,
            CreatedAt = messages.Max(m => m.CreatedAt),
            Route = string.Join(",", messages.Select(m => m.Route).Distinct(StringComparer.Ordinal)),
            GroupKey = "merged",
            Alarms = alarms,
            Mentions = [.. messages.SelectMany(m => m.Mentions).Distinct()],
            EscalationLevel = messages.Max(m => m.EscalationLevel),
        };
    }
}
