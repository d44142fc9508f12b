using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Alarms.Rules;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;
using OnlineConsole.Core.Run;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>The console's own rules: DCR channels and GCUs, the network's root cause on the simulated topology.</summary>
[Trait("Category", "Unit")]
public sealed class AlarmRulesTests
{
    [Fact]
    public void Dcr_rules_raise_each_changed_channel_once_and_a_gcu_with_many_bad_channels_as_one_alarm()
    {
        var geometry = TestStores.SmallGeometry(); // 30 LPMT on GCUs of 3, one SPMT GCU of 128
        var rules = new DcrAlarmRules(geometry, gcuMinBadChannels: 3, gcuBadFraction: 0.25);
        var status = Enumerable.Repeat(ChannelStatus.Ok, geometry.Count).ToArray();
        Assert.Empty(rules.Evaluate(status));

        status[0] = ChannelStatus.Dead;
        status[1] = ChannelStatus.Hot;
        status[2] = ChannelStatus.Missing; // never received: the collector's alarm, not the channel's
        var first = rules.Evaluate(status);
        Assert.Equal(2, first.Count);
        var dead = first.Single(s => s.Labels["status"] == "dead");
        Assert.True(dead.Active);
        Assert.Equal(AlarmSeverity.Major, dead.Severity);
        Assert.Equal(DcrAlarmRules.ChannelSubject(geometry.Channels[0].Id), dead.Subject);
        Assert.Equal(BuiltInRules.DcrChannel, dead.Rule);
        Assert.Empty(rules.Evaluate(status)); // nothing changed

        // A third bad channel on the same LPMT GCU of 3: the GCU becomes one alarm.
        var gcu = geometry.Channels[0].Gcu;
        var third = Enumerable.Range(0, geometry.Count).First(i => i > 1 && geometry.Channels[i].Gcu == gcu);
        status[third] = ChannelStatus.Low;
        var withGcu = rules.Evaluate(status);
        var g = Assert.Single(withGcu, s => s.Key == DcrAlarmRules.GcuKey(gcu));
        Assert.True(g.Active);
        Assert.Equal(AlarmSeverity.Warning, Assert.Single(withGcu, s => s.Key != g.Key).Severity);

        status[0] = ChannelStatus.Ok;
        var back = rules.Evaluate(status);
        Assert.Contains(back, s => s.Key == DcrAlarmRules.ChannelKey(geometry.Channels[0].Id) && !s.Active);
        Assert.Contains(back, s => s.Key == g.Key && !s.Active);

        // The SPMT GCU of 128 needs a quarter of its channels.
        Assert.Equal(32, rules.GcuThreshold(128));
        Assert.Equal(3, rules.GcuThreshold(3));
    }

    [Fact]
    public void A_failed_edge_switch_is_one_root_cause_for_its_core_ports_its_servers_and_their_channels_and_one_notice()
    {
        var time = new ManualTimeProvider();
        var store = TestStores.Create(time);
        var sim = new DetectorSimulator(new SimulatorOptions { Servers = 20, ServersPerEdgeSwitch = 8, AnomalyPeriod = TimeSpan.FromDays(1) }, store)
        {
            ForcedDown = new HashSet<string>(StringComparer.Ordinal) { "edge01" },
        };
        sim.Step(time.GetUtcNow());
        var network = store.Network.Snapshot;
        Assert.Contains(network.Alarms, c => c.Kind == NetworkAlarmKind.Unreachable && c.Device == "edge01");

        var options = new AlarmOptions { NotifyHold = TimeSpan.FromSeconds(2) };
        // GCUs read through the servers behind edge01: their channels hang from them.
        var gcus = store.Channels.Geometry.Channels.Select(c => c.Gcu).Distinct().Order().ToList();
        for (var i = 0; i < gcus.Count; i++) options.GcuServers[gcus[i]] = $"hd{(i % 8) + 1:000}";
        var area = new AlarmArea(new ChangeHub(time, new StoreOptions()), time, options, () => new RunStatus(7, RunState.Running, "physics", null, null, null));
        area.SetDependencies(DependencyBuilder.Build(network, store.Channels.Geometry, options.GcuServers));
        area.Submit(new NetworkAlarmRules().Evaluate(network));
        area.Submit([.. store.Channels.Geometry.Channels.Take(40).Select(c => new AlarmSignal(DcrAlarmRules.ChannelKey(c.Id), true, AlarmSeverity.Major, "dead")
        {
            Source = "test", Subject = DcrAlarmRules.ChannelSubject(c.Id),
        })]);

        // The simulator's rare random port errors elsewhere (1 in 500 ports a step, seeded per process) are their own
        // causes and not part of this failure.
        static bool Unrelated(Alarm a) => a.Rule == BuiltInRules.NetErrors && a.SuppressedBy is null;
        var alarms = area.Snapshot().Alarms.Where(a => !Unrelated(a)).ToList();
        var roots = alarms.Where(a => a.SuppressedBy is null).ToList();
        var root = Assert.Single(roots);
        Assert.Equal("net/unreachable/edge01", root.Key);
        Assert.Equal(AlarmSeverity.Critical, root.Severity);
        Assert.Equal(alarms.Count - 1, root.Affected);
        // Both core ports facing edge01, the 8 servers cut off, their ports, and the 40 channels.
        Assert.Equal(2, alarms.Count(a => a.Key.StartsWith("net/link/core", StringComparison.Ordinal)));
        Assert.Equal(8, alarms.Count(a => a.Key.StartsWith("net/unreachable/hd", StringComparison.Ordinal)));
        Assert.Equal(40, alarms.Count(a => a.Key.StartsWith("dcr/channel/", StringComparison.Ordinal)));

        time.Advance(TimeSpan.FromSeconds(3));
        area.Tick();
        var notices = new List<AlarmNotice>();
        while (area.Notices.TryRead(out var n)) notices.Add(n);
        Assert.Equal(["net/unreachable/edge01"], notices.Where(n => n.Alarm.Rule != BuiltInRules.NetErrors).Select(n => n.Alarm.Key));
    }

    [Fact]
    public void A_server_losing_one_of_two_uplinks_is_a_warning_that_suppresses_nothing()
    {
        var snapshot = new NetworkSnapshot(
            [
                new NetworkDevice("sw1", DeviceRole.EdgeSwitch, "10.0.0.1", true, [new PortStatus(1, "p1", LinkState.Down, 10_000_000_000L, 0, 0, 0, 0, "hd1")], new SourceStamp("t", DateTimeOffset.UnixEpoch)),
                new NetworkDevice("sw2", DeviceRole.EdgeSwitch, "10.0.0.2", true, [new PortStatus(1, "p1", LinkState.Up, 10_000_000_000L, 0, 0, 0, 0, "hd1")], new SourceStamp("t", DateTimeOffset.UnixEpoch)),
                new NetworkDevice("hd1", DeviceRole.Server, "10.0.1.1", true, [], new SourceStamp("t", DateTimeOffset.UnixEpoch)),
            ],
            [new NetworkLink("sw1", "p1", "hd1", "eth0"), new NetworkLink("sw2", "p1", "hd1", "eth1")]);
        snapshot = NetworkAlarms.WithAlarms(snapshot, NetworkAlarmThresholds.Default);
        var signal = Assert.Single(new NetworkAlarmRules().Evaluate(snapshot));
        Assert.Equal(AlarmSeverity.Warning, signal.Severity);
        var deps = DependencyBuilder.Build(snapshot, TestStores.SmallGeometry(), new Dictionary<int, string>());
        Assert.Equal(["device:sw1", "device:sw2"], deps.ParentsOf("device:hd1"));
        Assert.Equal(["device:sw1", "device:hd1"], deps.ParentsOf("port:sw1/p1"));
    }

    [Fact]
    public void A_signal_set_reports_only_changes_and_clears_what_a_restart_restored_but_is_no_longer_seen()
    {
        var set = new SignalSet();
        set.Seed(["old"], k => new AlarmSignal(k, false, AlarmSeverity.Major, ""));
        var a = new AlarmSignal("a", true, AlarmSeverity.Major, "a down");
        var first = set.Diff([a]);
        Assert.Equal(2, first.Count);
        Assert.Contains(first, s => s.Key == "old" && !s.Active);
        Assert.Empty(set.Diff([a]));
        Assert.Single(set.Diff([a with { Severity = AlarmSeverity.Critical }]));
        var gone = Assert.Single(set.Diff([]));
        Assert.False(gone.Active);
    }
}
