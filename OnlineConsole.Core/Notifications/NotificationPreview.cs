using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.Notifications;

/// <summary>
/// What the configuration would do with one alarm now, without sending anything: the silence that drops it, or each
/// route it takes with its contact points, the people mentioned, when the first message goes (group_wait, or the end
/// of a mute timing that holds it) and the escalation steps. The settings page's preview.
/// </summary>
public static class NotificationPreview
{
    /// <summary>How far ahead the end of a mute timing is searched, minute by minute.</summary>
    private static readonly TimeSpan MuteHorizon = TimeSpan.FromDays(8);

    public static PreviewResult Explain(NotificationOptions options, Alarm alarm, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(alarm);
        if (!options.Enabled) return new PreviewResult(Enabled: false, Silence: null, []);
        var silence = options.Silences.FirstOrDefault(s => s.Silences(alarm, now));
        if (silence is not null) return new PreviewResult(Enabled: true, silence, []);
        var planner = new NotificationPlanner(options, TimeProvider.System, zone);
        var routes = new List<PreviewRoute>();
        foreach (var route in new RouteTree(options.Route).Match(alarm))
        {
            var due = now + route.GroupWait;
            var mute = route.MuteTimings.Select(n => options.MuteTimings.FirstOrDefault(m => m.Name == n)).FirstOrDefault(m => m is not null && m.Contains(due, zone));
            DateTimeOffset? heldUntil = null;
            if (mute is not null)
            {
                heldUntil = due;
                var end = due + MuteHorizon;
                while (heldUntil < end && planner.IsMuted(route, heldUntil.Value)) heldUntil = heldUntil.Value.AddMinutes(1);
                // Minute steps from an odd second: the mute ends at the start of that minute.
                heldUntil = new DateTimeOffset(heldUntil.Value.UtcTicks - heldUntil.Value.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
                if (heldUntil < due) heldUntil = due;
            }
            var groupLabels = route.GroupBy.ToDictionary(g => g, g => Matcher.Read(alarm, g), StringComparer.Ordinal);
            routes.Add(new PreviewRoute(
                route,
                groupLabels,
                [.. route.ContactPoints.Select(cp => new PreviewContact(cp, options.ContactPoints.Any(p => p.Name == cp), planner.Mentions(cp, due)))],
                heldUntil ?? due,
                mute?.Name,
                [.. route.Escalation.Select(s => new PreviewEscalation(alarm.ActiveSince + s.After, s.ContactPoints))]));
        }
        return new PreviewResult(Enabled: true, Silence: null, routes);
    }
}
