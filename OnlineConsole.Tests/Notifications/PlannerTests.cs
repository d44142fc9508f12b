using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Notifications;
using OnlineConsole.Tests.Support;
using static OnlineConsole.Tests.Notifications.NotificationTestData;

namespace OnlineConsole.Tests.Notifications;

/// <summary>The planner with a manual clock: group_wait, group_interval, repeat_interval, resolved, silences, mutes, escalation, heartbeat.</summary>
[Trait("Category", "Unit")]
public sealed class PlannerTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    private NotificationPlanner Planner(Action<NotificationOptions>? configure = null)
    {
        var o = new NotificationOptions
        {
            Enabled = true,
            ContactPoints = [Hook("team"), Hook("expert"), Hook("boss")],
            Route = new RouteOptions
            {
                ContactPoints = ["team"],
                GroupWait = TimeSpan.FromSeconds(30),
                GroupInterval = TimeSpan.FromMinutes(5),
                RepeatInterval = TimeSpan.FromHours(1),
            },
        };
        configure?.Invoke(o);
        Assert.Empty(o.Validate());
        return new NotificationPlanner(o, _time, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
    }

    private void Raise(NotificationPlanner p, Alarm a) => p.Observe(new AlarmNotice(a, true, _time.GetUtcNow()));

    private void Clear(NotificationPlanner p, Alarm a) => p.Observe(new AlarmNotice(a with { Active = false, ClearedAt = _time.GetUtcNow() }, false, _time.GetUtcNow()));

    [Fact]
    public void Group_waits_then_sends_changes_at_group_interval_and_repeats()
    {
        var p = Planner();
        Raise(p, Alarm("a"));
        _time.Advance(TimeSpan.FromSeconds(10));
        Raise(p, Alarm("b"));
        Raise(p, Alarm("c", area: "wp"));
        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.Empty(p.Due());
        _time.Advance(TimeSpan.FromSeconds(1));
        var first = p.Due();
        Var(first, "team", ["a", "b"]); // area=cd opened at 0 s: sent at 30 s with both
        _time.Advance(TimeSpan.FromSeconds(10));
        Var(p.Due(), "team", ["c"]);   // area=wp opened at 10 s
        Raise(p, Alarm("d"));
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(p.Due());
        _time.Advance(TimeSpan.FromSeconds(50)); // 5 min after the first message of cd (sent at 30 s)
        Var(p.Due(), "team", ["a", "b", "d"]);
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.DoesNotContain(p.Due(), m => m.GroupKey.Contains("cd", StringComparison.Ordinal));
        _time.Advance(TimeSpan.FromMinutes(1));
        var repeat = p.Due().Single(m => m.GroupKey.Contains("cd", StringComparison.Ordinal));
        Assert.Equal(3, repeat.Firing);
    }

    [Fact]
    public void Resolved_is_sent_only_for_notified_alarms_and_the_key_is_stable()
    {
        var p = Planner();
        Raise(p, Alarm("a"));
        Raise(p, Alarm("b"));
        _time.Advance(TimeSpan.FromSeconds(30));
        var first = p.Due().Single();
        Clear(p, Alarm("a"));
        _time.Advance(TimeSpan.FromMinutes(5));
        var second = p.Due().Single();
        Assert.Equal(["b"], second.Alarms.Where(a => !a.Resolved).Select(a => a.Key));
        Assert.Equal(["a"], second.Alarms.Where(a => a.Resolved).Select(a => a.Key));
        Assert.NotEqual(first.IdempotencyKey, second.IdempotencyKey);

        // The same decision in another planner (a restart, a second instance) has the same key.
        var twin = Planner();
        _time.Advance(TimeSpan.FromHours(3));
        Raise(twin, Alarm("a"));
        Raise(twin, Alarm("b"));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(first.IdempotencyKey, twin.Due().Single().IdempotencyKey);

        // An alarm raised and cleared inside group_wait is never sent.
        var quiet = Planner();
        Raise(quiet, Alarm("x"));
        Clear(quiet, Alarm("x"));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(quiet.Due());
        Assert.Equal(0, quiet.OpenGroups);
    }

    [Fact]
    public void Continue_sends_to_both_routes_and_group_by_splits()
    {
        var p = Planner(o => o.Route.Routes =
        [
            new RouteOptions { Matchers = ["severity=Critical"], ContactPoints = ["boss"], Continue = true, GroupBy = ["key"] },
            new RouteOptions { Matchers = ["area=cd"], ContactPoints = ["expert"] },
        ]);
        Raise(p, Alarm("a", AlarmSeverity.Critical));
        Raise(p, Alarm("b", AlarmSeverity.Critical));
        _time.Advance(TimeSpan.FromSeconds(30));
        var due = p.Due();
        Assert.Equal(2, due.Count(m => m.ContactPoint == "boss"));   // grouped by key: one message each
        Assert.Single(due, m => m.ContactPoint == "expert" && m.Firing == 2);
    }

    [Fact]
    public void Silence_drops_and_mute_timing_holds_until_it_ends()
    {
        var now = _time.GetUtcNow();
        var p = Planner(o =>
        {
            o.Silences = [new SilenceOptions { Matchers = ["key=s"], Until = now.AddHours(1), Reason = "work" }];
            // 20:00-21:00 Shanghai = 12:00-13:00 UTC.
            o.MuteTimings = [new MuteTimingOptions { Name = "dinner", Intervals = [new TimeIntervalOptions { Times = ["20:00-21:00"] }] }];
            o.Route.MuteTimings = ["dinner"];
        });
        Raise(p, Alarm("s"));
        Raise(p, Alarm("a"));
        Assert.Equal(1, p.Silenced);
        _time.Advance(TimeSpan.FromMinutes(30));
        Assert.Empty(p.Due());
        _time.Advance(TimeSpan.FromMinutes(30));
        Var(p.Due(), "team", ["a"]);
    }

    [Fact]
    public void Escalation_goes_to_the_next_level_until_acknowledged()
    {
        var p = Planner(o => o.Route.Escalation =
        [
            new EscalationStep { After = TimeSpan.FromMinutes(10), ContactPoints = ["expert"] },
            new EscalationStep { After = TimeSpan.FromMinutes(30), ContactPoints = ["boss"] },
        ]);
        var a = Alarm("a", since: _time.GetUtcNow());
        var b = Alarm("b", since: _time.GetUtcNow());
        Raise(p, a);
        Raise(p, b);
        p.Update(new AlarmSnapshot([a, b], AlarmCounts.None, 1));
        _time.Advance(TimeSpan.FromMinutes(10));
        var level1 = p.Due().Where(m => m.Kind == NotificationKind.Escalation).ToList();
        Assert.Equal(["a", "b"], level1.Select(m => m.Alarms.Single().Key).Order());
        Assert.All(level1, m => Assert.Equal(("expert", 1), (m.ContactPoint, m.EscalationLevel)));
        p.Update(new AlarmSnapshot([a with { Acknowledged = new AlarmDecision("op", _time.GetUtcNow(), "on it") }, b], AlarmCounts.None, 2));
        _time.Advance(TimeSpan.FromMinutes(20));
        var level2 = p.Due().Where(m => m.Kind == NotificationKind.Escalation).ToList();
        Assert.Equal(("boss", "b", 2), (level2.Single().ContactPoint, level2.Single().Alarms.Single().Key, level2.Single().EscalationLevel));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.DoesNotContain(p.Due(), m => m.Kind == NotificationKind.Escalation);
    }

    [Fact]
    public void Roster_people_on_duty_are_mentioned_and_heartbeat_runs_on_schedule()
    {
        var now = _time.GetUtcNow();
        var p = Planner(o =>
        {
            o.ContactPoints[0].MentionRoles = ["shift"];
            o.Roster =
            [
                new RosterEntryOptions { Name = "Li", Role = "shift", From = now.AddHours(-1), Until = now.AddHours(7), WeComUserId = "lili", Mobile = "13800001111" },
                new RosterEntryOptions { Name = "Wang", Role = "shift", From = now.AddHours(7), Until = now.AddHours(15), WeComUserId = "wang" },
                new RosterEntryOptions { Name = "Zhao", Role = "oncall", From = now.AddHours(-1), Until = now.AddHours(7), WeComUserId = "zhao" },
            ];
            o.Heartbeat = new HeartbeatOptions { Interval = TimeSpan.FromHours(1), ContactPoints = ["expert"] };
        });
        Raise(p, Alarm("a"));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(["Li"], p.Due().Single().Mentions.Select(m => m.Name));
        _time.Advance(TimeSpan.FromMinutes(59.5));
        var hb = p.Due().Single(m => m.Kind == NotificationKind.Heartbeat);
        Assert.Equal("expert", hb.ContactPoint);
        Assert.DoesNotContain(p.Due(), m => m.Kind == NotificationKind.Heartbeat);
    }

    private static void Var(IReadOnlyList<OutgoingNotification> due, string contactPoint, string[] keys)
    {
        var m = Assert.Single(due);
        Assert.Equal(contactPoint, m.ContactPoint);
        Assert.Equal(keys, m.Alarms.Select(a => a.Key).Order());
    }
}
