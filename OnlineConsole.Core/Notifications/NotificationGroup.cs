using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.Notifications;

/// <summary>The alarms of one route with equal group_by values, and its timers.</summary>
internal sealed class NotificationGroup(string key, EffectiveRoute route, IReadOnlyDictionary<string, string> labels, DateTimeOffset created)
{
    public string Key { get; } = key;
    public EffectiveRoute Route { get; } = route;
    public IReadOnlyDictionary<string, string> Labels { get; } = labels;
    public Dictionary<string, Alarm> Firing { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Alarm> Resolved { get; } = new(StringComparer.Ordinal);

    /// <summary>Alarms already sent as firing (only those are later sent as resolved).</summary>
    public HashSet<string> Notified { get; } = new(StringComparer.Ordinal);

    /// <summary>When the group is next looked at: group_wait after creation, group_interval after a change, repeat_interval otherwise.</summary>
    public DateTimeOffset? NextFlush { get; set; } = created + route.GroupWait;
    public DateTimeOffset? LastSent { get; set; }
    public bool Changed { get; set; } = true;

    public void MarkChanged()
    {
        Changed = true;
        if (LastSent is { } last)
        {
            var at = last + Route.GroupInterval;
            if (NextFlush is null || at < NextFlush) NextFlush = at;
        }
    }
}
