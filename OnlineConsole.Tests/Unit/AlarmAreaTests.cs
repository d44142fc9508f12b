using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>The alarm state machine with a manual clock: every transition, debounce, latch, chatter, shelves, root cause, restore.</summary>
[Trait("Category", "Unit")]
public sealed class AlarmAreaTests
{
    private readonly ManualTimeProvider _time = new();
    private RunStatus? _run = new(100, RunState.Running, "physics", null, null, null);

    private AlarmArea Area(Action<AlarmOptions>? configure = null)
    {
        var options = new AlarmOptions { NotifyHold = TimeSpan.FromSeconds(5), RunSettle = TimeSpan.FromSeconds(30) };
        configure?.Invoke(options);
        return new AlarmArea(new ChangeHub(_time, new StoreOptions()), _time, options, () => _run);
    }

    private static AlarmSignal On(string key, AlarmSeverity severity = AlarmSeverity.Major, string rule = "", string? subject = null) =>
        new(key, true, severity, key + " is wrong") { Source = "test", Rule = rule, Subject = subject };

    private static AlarmSignal Off(string key, string rule = "") => new(key, false, AlarmSeverity.Major, key + " is fine") { Source = "test", Rule = rule };

    private void Advance(AlarmArea area, TimeSpan by)
    {
        _time.Advance(by);
        area.Tick();
    }

    private static List<AlarmNotice> Notices(AlarmArea area)
    {
        var list = new List<AlarmNotice>();
        while (area.Notices.TryRead(out var n)) list.Add(n);
        return list;
    }

    [Fact]
    public void Active_then_acknowledged_then_cleared_returns_to_normal_and_leaves_the_list()
    {
        var area = Area();
        area.Submit([On("a")]);
        var a = area.Find("a")!;
        Assert.Equal(AlarmState.ActiveUnacknowledged, a.State);
        Assert.Equal(100, a.RunNumber);
        Assert.Equal(RunState.Running, a.RunState);
        Assert.Equal(AlarmSeverity.Major, area.Snapshot().Counts.WorstUnacknowledged);

        Assert.Equal(AlarmCommandStatus.Invalid, area.Acknowledge("a", a.Activation, "ann", " ").Status);
        var ack = area.Acknowledge("a", a.Activation, "ann", "looking at it");
        Assert.True(ack.Done);
        Assert.Equal(AlarmState.ActiveUnacknowledged, ack.Before!.State);
        Assert.Equal(AlarmState.ActiveAcknowledged, ack.After!.State);
        Assert.Equal("ann", area.Find("a")!.Acknowledged!.By);
        Assert.Null(area.Snapshot().Counts.WorstUnacknowledged);

        area.Submit([Off("a")]);
        Assert.Null(area.Find("a"));
        Assert.Empty(area.Snapshot().Alarms);
        Assert.Equal([AlarmEventKind.Activated, AlarmEventKind.Acknowledged, AlarmEventKind.Cleared], area.Events("a").Select(e => e.Kind));
    }

    [Fact]
    public void A_latched_alarm_that_clears_unacknowledged_stays_until_acknowledged_and_an_unlatched_one_does_not()
    {
        var area = Area(o => o.Rules["quiet"] = new AlarmRule { Latch = false });
        area.Submit([On("latched"), On("unlatched", rule: "quiet")]);
        area.Submit([Off("latched"), Off("unlatched", rule: "quiet")]);

        Assert.Null(area.Find("unlatched"));
        var latched = area.Find("latched")!;
        Assert.Equal(AlarmState.ReturnedUnacknowledged, latched.State);
        Assert.True(latched.NeedsAcknowledgement);
        Assert.True(area.Acknowledge("latched", latched.Activation, "ann", "seen").Done);
        Assert.Null(area.Find("latched"));
    }

    [Fact]
    public void An_acknowledgement_never_applies_to_a_later_activation_of_the_same_key()
    {
        var area = Area();
        area.Submit([On("a")]);
        var first = area.Find("a")!.Activation;
        area.Submit([Off("a")]);
        area.Submit([On("a")]); // activated again before anyone acknowledged the first one
        var again = area.Find("a")!;
        Assert.NotEqual(first, again.Activation);
        Assert.Equal(2, again.Count);

        var stale = area.Acknowledge("a", first, "ann", "ok");
        Assert.Equal(AlarmCommandStatus.Changed, stale.Status);
        Assert.Equal(AlarmState.ActiveUnacknowledged, area.Find("a")!.State);
        Assert.Equal(AlarmCommandStatus.NotFound, area.Acknowledge("nope", 1, "ann", "ok").Status);
    }

    [Fact]
    public void A_rise_in_severity_while_acknowledged_needs_a_new_acknowledgement()
    {
        var area = Area();
        area.Submit([On("a", AlarmSeverity.Minor)]);
        area.Acknowledge("a", area.Find("a")!.Activation, "ann", "ok");
        area.Submit([On("a", AlarmSeverity.Minor)]);
        Assert.Equal(AlarmState.ActiveAcknowledged, area.Find("a")!.State);
        area.Submit([On("a", AlarmSeverity.Critical)]);
        var a = area.Find("a")!;
        Assert.Equal(AlarmState.ActiveUnacknowledged, a.State);
        Assert.Equal(AlarmSeverity.Critical, a.Severity);
        Assert.Contains(area.Events("a"), e => e.Kind == AlarmEventKind.Escalated);
    }

    [Fact]
    public void A_shelf_hides_the_alarm_until_it_expires_by_itself_and_is_bounded_per_severity()
    {
        var area = Area();
        area.Submit([On("a", AlarmSeverity.Critical)]);
        var now = _time.GetUtcNow();
        var tooLong = area.Shelve("a", now.AddHours(2), "ann", "noisy");
        Assert.Equal(AlarmCommandStatus.Invalid, tooLong.Status);
        Assert.Contains("at most", tooLong.Problem, StringComparison.Ordinal);
        Assert.Equal(AlarmCommandStatus.Invalid, area.Shelve("a", now.AddMinutes(1), "ann", "").Status);

        Assert.True(area.Shelve("a", now.AddMinutes(1), "ann", "known, fixing").Done);
        var snapshot = area.Snapshot();
        Assert.Equal(AlarmState.Shelved, Assert.Single(snapshot.Alarms).State);
        Assert.Equal(0, snapshot.Counts.Active);
        Assert.Equal(1, snapshot.Counts.Shelved);
        Assert.Null(snapshot.Counts.WorstUnacknowledged);

        Advance(area, TimeSpan.FromSeconds(59));
        Assert.Equal(AlarmState.Shelved, area.Find("a")!.State);
        Advance(area, TimeSpan.FromSeconds(1));
        Assert.Equal(AlarmState.ActiveUnacknowledged, area.Find("a")!.State);
        Assert.Equal(AlarmSeverity.Critical, area.Snapshot().Counts.WorstUnacknowledged);
        Assert.Contains(area.Events("a"), e => e.Kind == AlarmEventKind.ShelfExpired && e.Comment == "known, fixing");
    }

    [Fact]
    public void Unshelving_and_out_of_service_are_recorded_and_an_alarm_out_of_service_is_not_notified()
    {
        var area = Area();
        area.Submit([On("a")]);
        Assert.True(area.Shelve("a", _time.GetUtcNow().AddMinutes(10), "ann", "noisy").Done);
        Assert.True(area.Unshelve("a", "ann", "fixed the noise").Done);
        Assert.Equal(AlarmCommandStatus.Invalid, area.Unshelve("a", "ann", "again").Status);
        Assert.True(area.RemoveFromService("a", "eve", "sensor replaced next week").Done);
        Assert.Equal(AlarmState.OutOfService, area.Find("a")!.State);
        Assert.Equal(1, area.Snapshot().Counts.OutOfService);
        Advance(area, TimeSpan.FromSeconds(10));
        Assert.Empty(Notices(area));
        Assert.True(area.ReturnToService("a", "eve", "sensor back").Done);
        Assert.Equal(AlarmState.ActiveUnacknowledged, area.Find("a")!.State);
        Assert.Equal(
            [AlarmEventKind.Activated, AlarmEventKind.Shelved, AlarmEventKind.Unshelved, AlarmEventKind.RemovedFromService, AlarmEventKind.ReturnedToService],
            area.Events("a").Select(e => e.Kind));
    }

    [Fact]
    public void On_delay_off_delay_and_on_count_debounce_the_condition()
    {
        var area = Area(o =>
        {
            o.Rules["slow"] = new AlarmRule { OnDelay = TimeSpan.FromSeconds(10), OffDelay = TimeSpan.FromSeconds(5) };
            o.Rules["counted"] = new AlarmRule { OnCount = 3 };
        });
        area.Submit([On("blip", rule: "slow")]);
        Advance(area, TimeSpan.FromSeconds(4));
        area.Submit([Off("blip", rule: "slow")]);
        Advance(area, TimeSpan.FromSeconds(20));
        Assert.Null(area.Find("blip")); // a short blip never became an alarm
        Assert.Empty(area.Events("blip"));

        area.Submit([On("held", rule: "slow")]);
        Advance(area, TimeSpan.FromSeconds(9));
        Assert.Null(area.Snapshot().Alarms.FirstOrDefault(a => a.Key == "held"));
        Advance(area, TimeSpan.FromSeconds(1));
        Assert.Equal(AlarmState.ActiveUnacknowledged, area.Find("held")!.State);
        area.Submit([Off("held", rule: "slow")]);
        Advance(area, TimeSpan.FromSeconds(4));
        Assert.True(area.Find("held")!.Active);
        Advance(area, TimeSpan.FromSeconds(1));
        Assert.Equal(AlarmState.ReturnedUnacknowledged, area.Find("held")!.State);

        area.Submit([On("c", rule: "counted")]);
        area.Submit([On("c", rule: "counted")]);
        Assert.False(area.Find("c")?.Active ?? false);
        area.Submit([On("c", rule: "counted")]);
        Assert.True(area.Find("c")!.Active);
    }

    [Fact]
    public void An_alarm_activating_five_times_in_a_minute_is_chattering_until_it_calms_down_and_can_be_shelved_as_one()
    {
        var area = Area(o => o.DefaultRule = new AlarmRule { Latch = false });
        for (var i = 0; i < 5; i++)
        {
            area.Submit([On("flappy")]);
            Advance(area, TimeSpan.FromSeconds(5));
            if (i < 4) area.Submit([Off("flappy")]);
            Advance(area, TimeSpan.FromSeconds(5));
        }
        var a = area.Find("flappy")!;
        Assert.True(a.Chattering);
        Assert.Equal(5, a.Count);
        Assert.True(area.Shelve("flappy", _time.GetUtcNow().AddMinutes(30), "ann", "chattering sensor").Done);
        area.Submit([Off("flappy")]);
        area.Submit([On("flappy")]);
        Assert.Equal(AlarmState.Shelved, area.Find("flappy")!.State); // the next activations stay on the shelf

        Advance(area, TimeSpan.FromSeconds(61));
        Assert.False(area.Find("flappy")!.Chattering);
    }

    [Fact]
    public void Alarms_behind_a_failed_port_hang_from_it_are_not_notified_and_come_back_when_it_clears()
    {
        var area = Area();
        area.SetDependencies(new AlarmDependencies(new Dictionary<string, IReadOnlyList<string>>
        {
            ["channel:1"] = ["gcu:7"], ["channel:2"] = ["gcu:7"], ["gcu:7"] = ["server:hd001"],
            ["server:hd001"] = ["port:sw1/3"], ["port:sw1/3"] = ["device:sw1"],
        }));
        // The affected alarms arrive first; the root cause within the notify hold.
        area.Submit([On("dcr/channel/1", subject: "channel:1"), On("dcr/channel/2", subject: "channel:2"), On("net/server/hd001", subject: "server:hd001")]);
        Advance(area, TimeSpan.FromSeconds(2));
        area.Submit([On("net/port/sw1/3", AlarmSeverity.Critical, subject: "port:sw1/3")]);

        var root = area.Find("net/port/sw1/3")!;
        Assert.Equal(3, root.Affected);
        Assert.All(new[] { "dcr/channel/1", "dcr/channel/2", "net/server/hd001" }, k => Assert.Equal("net/port/sw1/3", area.Find(k)!.SuppressedBy));

        Advance(area, TimeSpan.FromSeconds(10));
        Assert.Equal(["net/port/sw1/3"], Notices(area).Where(n => n.Raised).Select(n => n.Alarm.Key));

        // The cable is fixed; the server stays unreachable: it is its own problem now, and is notified.
        area.Submit([Off("net/port/sw1/3"), Off("dcr/channel/1")]);
        Advance(area, TimeSpan.FromSeconds(1));
        Assert.Null(area.Find("net/server/hd001")!.SuppressedBy);
        Assert.Equal("net/server/hd001", area.Find("dcr/channel/2")!.SuppressedBy); // now hangs from the server
        var notices = Notices(area);
        Assert.Contains(notices, n => n.Raised && n.Alarm.Key == "net/server/hd001");
        Assert.Contains(notices, n => !n.Raised && n.Alarm.Key == "net/port/sw1/3");
        Assert.DoesNotContain(notices, n => n.Alarm.Key == "dcr/channel/2");
        Assert.Contains(area.Events("dcr/channel/2"), e => e.Kind == AlarmEventKind.Suppressed && e.Comment == "net/port/sw1/3");
    }

    [Fact]
    public void A_run_dependent_rule_counts_only_in_its_run_states_and_waits_for_the_run_to_settle()
    {
        var area = Area(o => o.Rules["dcr"] = new AlarmRule { RunStates = [RunState.Running], SettleOnRunChange = true });
        _run = _run! with { State = RunState.Ready };
        area.Tick();
        area.Submit([On("dcr/channel/5", rule: "dcr")]);
        Advance(area, TimeSpan.FromSeconds(60));
        Assert.Empty(area.Snapshot().Alarms);

        _run = new RunStatus(101, RunState.Running, "physics", _time.GetUtcNow(), null, null);
        area.Tick(); // the area sees the run change at its next tick
        Advance(area, TimeSpan.FromSeconds(29));
        Assert.Empty(area.Snapshot().Alarms); // held while the run settles
        Advance(area, TimeSpan.FromSeconds(2));
        var a = area.Find("dcr/channel/5")!;
        Assert.True(a.Active);
        Assert.Equal(101, a.RunNumber);

        // The run stops: the DCR condition no longer counts and the alarm clears (latched).
        _run = _run with { State = RunState.Stopped };
        Advance(area, TimeSpan.FromSeconds(1));
        Assert.Equal(AlarmState.ReturnedUnacknowledged, area.Find("dcr/channel/5")!.State);
    }

    [Fact]
    public void Notices_wait_the_hold_and_skip_what_was_acknowledged_meanwhile()
    {
        var area = Area();
        area.Submit([On("a"), On("b")]);
        Advance(area, TimeSpan.FromSeconds(4));
        Assert.Empty(Notices(area));
        area.Acknowledge("b", area.Find("b")!.Activation, "ann", "on it");
        Advance(area, TimeSpan.FromSeconds(1));
        var n = Assert.Single(Notices(area));
        Assert.Equal("a", n.Alarm.Key);
        Assert.True(n.Raised);
    }

    [Fact]
    public void What_the_database_kept_is_restored_and_a_restored_acknowledgement_does_not_cover_a_new_activation()
    {
        var area = Area();
        area.Submit([On("acked"), On("shelved", AlarmSeverity.Minor), On("latched")]);
        area.Acknowledge("acked", area.Find("acked")!.Activation, "ann", "on it");
        area.Shelve("shelved", _time.GetUtcNow().AddMinutes(5), "ann", "known");
        area.Submit([Off("latched")]);
        var kept = area.DrainChanges();
        Assert.Equal(3, kept.Upserted.Count);
        Assert.Contains(kept.Events, e => e.Kind == AlarmEventKind.Acknowledged && e.User == "ann" && e.Comment == "on it");
        Assert.True(area.DrainChanges().IsEmpty);

        var restarted = Area();
        restarted.Restore(kept.Upserted);
        Assert.Equal(AlarmState.ActiveAcknowledged, restarted.Find("acked")!.State);
        Assert.Equal(AlarmState.Shelved, restarted.Find("shelved")!.State);
        Assert.Equal(AlarmState.ReturnedUnacknowledged, restarted.Find("latched")!.State);
        Assert.True(restarted.DrainChanges().IsEmpty); // restoring writes nothing back

        // The source still sees "acked": the same activation, still acknowledged.
        restarted.Submit([On("acked")]);
        Assert.Equal(AlarmState.ActiveAcknowledged, restarted.Find("acked")!.State);
        // It clears and comes back: a new activation, not covered by the old acknowledgement.
        var old = restarted.Find("acked")!.Activation;
        restarted.Submit([Off("acked")]);
        restarted.Submit([On("acked")]);
        var again = restarted.Find("acked")!;
        Assert.True(again.Activation > old);
        Assert.Equal(AlarmState.ActiveUnacknowledged, again.State);
        Assert.Equal(AlarmCommandStatus.Changed, restarted.Acknowledge("acked", old, "ann", "old page").Status);

        Advance(restarted, TimeSpan.FromMinutes(5));
        Assert.Equal(AlarmState.ActiveUnacknowledged, restarted.Find("shelved")!.State);
    }

    [Fact]
    public void Invalid_signals_are_refused_with_the_reason_and_the_valid_ones_of_the_batch_are_applied()
    {
        var area = Area();
        var result = area.Submit([On("good"), new AlarmSignal("", true, AlarmSeverity.Major, "x"), new AlarmSignal("k", true, (AlarmSeverity)9, "x"), On("good2")]);
        Assert.Equal(2, result.Accepted);
        Assert.Equal(2, result.Errors.Count);
        Assert.Contains("#1", result.Errors[0], StringComparison.Ordinal);
        Assert.Contains("key is empty", result.Errors[0], StringComparison.Ordinal);
        Assert.Contains("unknown severity 9", result.Errors[1], StringComparison.Ordinal);
        Assert.Equal(2, area.Snapshot().Counts.Active);
    }

    [Fact]
    public void Beyond_the_alarm_limit_new_keys_are_refused_and_counted_while_known_keys_still_clear()
    {
        var area = Area(o => o.MaxAlarms = 100);
        area.Submit([.. Enumerable.Range(0, 150).Select(i => On("k" + i))]);
        Assert.Equal(100, area.Snapshot().Alarms.Count);
        Assert.Equal(50, area.RefusedOverCapacity);
        area.Submit([Off("k0")]);
        Assert.Equal(AlarmState.ReturnedUnacknowledged, area.Find("k0")!.State);
    }

    [Fact]
    public void The_list_is_worst_first_and_the_counts_follow_it()
    {
        var area = Area();
        area.Submit([On("w", AlarmSeverity.Warning), On("c1", AlarmSeverity.Critical), On("m", AlarmSeverity.Major)]);
        _time.Advance(TimeSpan.FromSeconds(1));
        area.Submit([On("c2", AlarmSeverity.Critical)]);
        area.Acknowledge("c2", area.Find("c2")!.Activation, "ann", "ok");
        var s = area.Snapshot();
        Assert.Equal(["c1", "c2", "m", "w"], s.Alarms.Select(a => a.Key));
        Assert.Equal(4, s.Counts.Active);
        Assert.Equal(3, s.Counts.Unacknowledged);
        Assert.Equal(2, s.Counts.BySeverity[AlarmSeverity.Critical]);
        Assert.Equal(1, s.Counts.UnacknowledgedBySeverity[AlarmSeverity.Critical]);
        Assert.Equal(AlarmSeverity.Critical, s.Counts.WorstUnacknowledged);
    }

    [Fact]
    public void Options_with_bad_values_name_every_problem()
    {
        var o = new AlarmOptions { ChatterCount = 1, NotifyHold = TimeSpan.FromHours(2) };
        o.Rules["x"] = new AlarmRule { OnCount = 0 };
        o.MaxShelve[AlarmSeverity.Critical] = TimeSpan.Zero;
        var errors = o.Validate().ToList();
        Assert.Contains(errors, e => e.StartsWith("Alarms:ChatterCount", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alarms:NotifyHold", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alarms:Rules:x:OnCount", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alarms:MaxShelve:Critical", StringComparison.Ordinal));
    }
}
