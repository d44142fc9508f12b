using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.Notifications;

/// <summary>
/// Decides which message goes to which contact point when (Alertmanager's model): notices are routed and grouped;
/// a group is sent group_wait after it opens, changes are sent at most every group_interval, an unchanged firing
/// group is repeated every repeat_interval; mute timings hold messages, silences drop alarms, and an alarm still
/// unacknowledged after an escalation step's delay is sent to that step's contact points. Not thread-safe: one
/// loop feeds it and calls <see cref="Due"/>.
/// </summary>
public sealed class NotificationPlanner
{
    private readonly NotificationOptions _options;
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _zone;
    private readonly RouteTree _tree;
    private readonly Dictionary<string, NotificationGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Route, string Key), EscalationWatch> _escalations = [];
    private readonly Dictionary<string, ContactPointOptions> _points;
    private Dictionary<string, Alarm>? _current;
    private DateTimeOffset? _nextHeartbeat;

    public NotificationPlanner(NotificationOptions options, TimeProvider time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        _zone = zone;
        _tree = new RouteTree(options.Route);
        _points = options.ContactPoints.ToDictionary(p => p.Name, StringComparer.Ordinal);
        if (options.Heartbeat.Interval is { } hb) _nextHeartbeat = NextSlot(time.GetUtcNow(), hb);
    }

    /// <summary>Notices dropped because a silence matched them.</summary>
    public long Silenced { get; private set; }

    public int OpenGroups => _groups.Count;

    /// <summary>When the next group message is due (null: none is waiting), so delivery can wake for it.</summary>
    /// A group held by a mute timing is not waiting: the poll finds it when the mute ends.
    public DateTimeOffset? NextDue
    {
        get
        {
            var now = _time.GetUtcNow();
            return _groups.Values.Where(g => g.NextFlush is not null && !IsMuted(g.Route, now)).Min(g => g.NextFlush);
        }
    }

    public IReadOnlyList<EffectiveRoute> Routes(Alarm alarm) => _tree.Match(alarm);

    public void Observe(AlarmNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var now = _time.GetUtcNow();
        var alarm = notice.Alarm;
        if (notice.Raised)
        {
            if (IsSilenced(alarm, now)) { Silenced++; return; }
            foreach (var route in _tree.Match(alarm))
            {
                var labels = route.GroupBy.ToDictionary(g => g, g => Matcher.Read(alarm, g), StringComparer.Ordinal);
                var key = route.Id + "|" + string.Join(",", labels.Select(kv => kv.Key + "=" + kv.Value));
                if (!_groups.TryGetValue(key, out var group)) _groups[key] = group = new NotificationGroup(key, route, labels, now);
                group.Resolved.Remove(alarm.Key);
                group.Firing[alarm.Key] = alarm;
                group.MarkChanged();
                if (route.Escalation.Count > 0) _escalations[(route.Id, alarm.Key)] = new EscalationWatch(route, alarm);
            }
            return;
        }
        foreach (var group in _groups.Values)
        {
            if (!group.Firing.Remove(alarm.Key)) continue;
            if (group.Notified.Contains(alarm.Key)) group.Resolved[alarm.Key] = alarm;
            group.MarkChanged();
        }
        foreach (var k in _escalations.Keys.Where(k => k.Key == alarm.Key).ToList()) _escalations.Remove(k);
    }

    /// <summary>The alarms as they are now: an escalation stops once its alarm is acknowledged, shelved or normal.</summary>
    public void Update(AlarmSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _current = snapshot.Alarms.ToDictionary(a => a.Key, StringComparer.Ordinal);
    }

    /// <summary>The messages due now; call it on every tick.</summary>
    public IReadOnlyList<OutgoingNotification> Due()
    {
        var now = _time.GetUtcNow();
        var result = new List<OutgoingNotification>();
        foreach (var group in _groups.Values.ToList())
        {
            if (group.NextFlush is not { } due || due > now) continue;
            if (IsMuted(group.Route, now)) continue; // held, sent when the mute ends
            foreach (var k in group.Firing.Where(kv => IsSilenced(kv.Value, now)).Select(kv => kv.Key).ToList())
            {
                group.Firing.Remove(k);
                Silenced++;
            }
            var repeat = !group.Changed && group.Firing.Count > 0 && group.LastSent is { } last && now >= last + group.Route.RepeatInterval;
            if ((group.Changed || repeat) && (group.Firing.Count > 0 || group.Resolved.Count > 0))
            {
                var alarms = group.Firing.Values.OrderBy(a => a, Comparer<Alarm>.Create(AlarmArea.WorstFirst)).Select(a => NotifiedAlarm.From(a, false))
                    .Concat(group.Resolved.Values.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => NotifiedAlarm.From(a, true))).ToList();
                // From what every console instance sees alike (not its own activation counter), so two instances deciding the
                // same message give it the same key and the outbox keeps it once.
                var fingerprint = string.Join(";", alarms.Select(a => a.Key + ":" + Since(a.ActiveSince, a.Severity) + (a.Resolved ? ":r" : ":f")));
                if (repeat) fingerprint += "|repeat@" + now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                foreach (var cp in group.Route.ContactPoints)
                    result.Add(new OutgoingNotification
                    {
                        IdempotencyKey = Hash(group.Key + "|" + cp + "|" + fingerprint),
                        ContactPoint = cp,
                        Kind = NotificationKind.Group,
                        CreatedAt = now,
                        Route = group.Route.Id,
                        GroupKey = group.Key,
                        GroupLabels = group.Labels,
                        Alarms = alarms,
                        Mentions = Mentions(cp, now),
                    });
                foreach (var k in group.Firing.Keys) group.Notified.Add(k);
                foreach (var k in group.Resolved.Keys) group.Notified.Remove(k);
                group.Resolved.Clear();
                group.LastSent = now;
            }
            group.Changed = false;
            if (group.Firing.Count == 0 && group.Resolved.Count == 0) _groups.Remove(group.Key);
            else group.NextFlush = (group.LastSent ?? now) + group.Route.RepeatInterval;
        }
        Escalate(now, result);
        if (_nextHeartbeat is { } hb && now >= hb && _options.Heartbeat.Interval is { } interval)
        {
            foreach (var cp in _options.Heartbeat.ContactPoints)
                result.Add(new OutgoingNotification
                {
                    IdempotencyKey = Hash("heartbeat|" + cp + "|" + hb.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
                    ContactPoint = cp,
                    Kind = NotificationKind.Heartbeat,
                    CreatedAt = hb,
                });
            _nextHeartbeat = NextSlot(now, interval);
        }
        return result;
    }

    private void Escalate(DateTimeOffset now, List<OutgoingNotification> result)
    {
        foreach (var (id, watch) in _escalations.ToList())
        {
            if (_current is not null)
            {
                if (!_current.TryGetValue(id.Key, out var latest) || latest.Activation != watch.Alarm.Activation || latest.State != AlarmState.ActiveUnacknowledged)
                {
                    _escalations.Remove(id); // acknowledged, shelved, cleared or a new activation
                    continue;
                }
                watch.Alarm = latest;
            }
            var steps = watch.Route.Escalation;
            while (watch.Next < steps.Count && now >= watch.Alarm.ActiveSince + steps[watch.Next].After)
            {
                var level = watch.Next + 1;
                if (!IsSilenced(watch.Alarm, now))
                    foreach (var cp in steps[watch.Next].ContactPoints)
                        result.Add(new OutgoingNotification
                        {
                            IdempotencyKey = Hash($"escalation|{id.Route}|{id.Key}|{Since(watch.Alarm.ActiveSince, watch.Alarm.Severity)}|{level.ToString(CultureInfo.InvariantCulture)}|{cp}"),
                            ContactPoint = cp,
                            Kind = NotificationKind.Escalation,
                            CreatedAt = now,
                            Route = id.Route,
                            Alarms = [NotifiedAlarm.From(watch.Alarm, false)],
                            Mentions = Mentions(cp, now),
                            EscalationLevel = level,
                        });
                watch.Next++;
            }
            if (watch.Next >= steps.Count) _escalations.Remove(id);
        }
    }

    /// <summary>People on duty in the roles the contact point names.</summary>
    public IReadOnlyList<Mention> Mentions(string contactPoint, DateTimeOffset now)
    {
        if (!_points.TryGetValue(contactPoint, out var cp) || cp.MentionRoles.Count == 0) return [];
        return [.. _options.Roster
            .Where(r => r.OnDuty(now) && cp.MentionRoles.Contains(r.Role, StringComparer.OrdinalIgnoreCase))
            .Select(r => new Mention(r.Name, r.WeComUserId, r.Mobile, r.Email))];
    }

    public bool IsSilenced(Alarm alarm, DateTimeOffset now) => _options.Silences.Any(s => s.Silences(alarm, now));

    public bool IsMuted(EffectiveRoute route, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route.MuteTimings.Any(name => _options.MuteTimings.FirstOrDefault(m => m.Name == name) is { } m && m.Contains(now, _zone));
    }

    private static DateTimeOffset NextSlot(DateTimeOffset now, TimeSpan interval)
    {
        var ticks = interval.Ticks;
        return new DateTimeOffset((now.UtcTicks / ticks + 1) * ticks, TimeSpan.Zero);
    }

    private static string Since(DateTimeOffset activeSince, AlarmSeverity severity) =>
        activeSince.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "@" + ((int)severity).ToString(CultureInfo.InvariantCulture);

    private static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..32];
}
