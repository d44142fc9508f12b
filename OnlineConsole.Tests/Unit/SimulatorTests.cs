using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;
using OnlineConsole.Core.Run;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class SimulatorTests
{
    private static SimulatorOptions Fast() => new()
    {
        FrameInterval = TimeSpan.FromSeconds(1),
        NetworkInterval = TimeSpan.FromSeconds(5),
        ConfigureTime = TimeSpan.FromSeconds(2),
        RunLength = TimeSpan.FromSeconds(10),
        StoppedTime = TimeSpan.FromSeconds(2),
        PauseEveryRuns = 2,
        PauseLength = TimeSpan.FromSeconds(3),
        Servers = 20,
        ServersPerEdgeSwitch = 8,
    };

    private static (DetectorSimulator Sim, LiveStore Store, ManualTimeProvider Time) Make(SimulatorOptions options, DetectorGeometry? geometry = null)
    {
        var time = new ManualTimeProvider();
        var store = TestStores.Create(time, geometry: geometry);
        return (new DetectorSimulator(options, store), store, time);
    }

    private static float[] Rates(LiveStore store)
    {
        var r = new float[store.Channels.Geometry.Count];
        store.Channels.CopyTo(r, new long[r.Length], new ChannelStatus[r.Length]);
        return r;
    }

    [Fact]
    public void Same_seed_gives_the_same_detector_frame_after_frame()
    {
        var (a, sa, ta) = Make(Fast());
        var (b, sb, tb) = Make(Fast());
        for (var i = 0; i < 5; i++)
        {
            a.Step(ta.GetUtcNow());
            b.Step(tb.GetUtcNow());
            Assert.Equal(Rates(sa), Rates(sb));
        }
        var (c, sc, tc) = Make(new SimulatorOptions { Seed = 7 });
        c.Step(tc.GetUtcNow());
        Assert.NotEqual(Rates(sa), Rates(sc));
    }

    [Fact]
    public void Runs_cycle_through_the_state_machine_with_increasing_numbers_and_a_pause()
    {
        var (sim, store, time) = Make(Fast());
        var seen = new List<(long, RunState)>();
        for (var i = 0; i < 60; i++)
        {
            sim.Step(time.GetUtcNow());
            var s = store.Run.Snapshot().Status!;
            if (seen.Count == 0 || seen[^1] != (s.RunNumber, s.State)) seen.Add((s.RunNumber, s.State));
            time.Advance(TimeSpan.FromSeconds(1));
        }
        var states = seen.Select(x => x.Item2).Distinct().ToHashSet();
        Assert.Superset(new HashSet<RunState> { RunState.Configured, RunState.Running, RunState.Paused, RunState.Stopped }, states);
        var numbers = seen.Where(x => x.Item2 == RunState.Running).Select(x => x.Item1).Distinct().ToList();
        Assert.True(numbers.Count >= 3, string.Join(",", seen));
        Assert.Equal(numbers.OrderBy(n => n), numbers);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [Fact]
    public void Hot_and_dead_channels_show_up_in_the_summary_and_change_with_the_anomaly_period()
    {
        var options = Fast();
        options.HotChannels = 3;
        options.DeadChannels = 2;
        options.FlappingChannels = 0;
        options.AnomalyPeriod = TimeSpan.FromSeconds(10);
        var (sim, store, time) = Make(options);
        sim.Step(time.GetUtcNow());
        var summary = store.Channels.Summary;
        Assert.Equal(3, summary.ByType.Sum(t => t.Hot));
        Assert.Equal(2, summary.ByType.Sum(t => t.Dead));
        var firstHot = sim.HotChannels.ToArray();
        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            sim.Step(time.GetUtcNow());
        }
        Assert.NotEqual(firstHot, sim.HotChannels.ToArray());
        Assert.Equal(3, store.Channels.Summary.ByType.Sum(t => t.Hot));
    }

    [Fact]
    public void Rates_sit_near_each_type_baseline()
    {
        var (sim, store, time) = Make(new SimulatorOptions { HotChannels = 0, DeadChannels = 0, FlappingChannels = 0 },
            new DetectorGeometry(GeometryGenerator.Generate(3000, 2560, 1000)));
        sim.Step(time.GetUtcNow());
        var limits = store.Channels.Limits;
        foreach (var t in store.Channels.Summary.ByType)
            Assert.InRange(t.MedianRate, limits.For(t.Type).Baseline * 0.9, limits.For(t.Type).Baseline * 1.1);
        Assert.All(store.Channels.Summary.ByType, t => Assert.Equal(0, t.Dead));
    }

    [Fact]
    public void Network_has_servers_behind_edge_and_core_switches_with_traffic_while_running()
    {
        var (sim, store, time) = Make(Fast());
        for (var i = 0; i < 12; i++)
        {
            sim.Step(time.GetUtcNow());
            time.Advance(TimeSpan.FromSeconds(1));
        }
        var net = store.Network.Snapshot;
        Assert.Equal(20, net.Devices.Count(d => d.Role == DeviceRole.Server));
        Assert.Equal(3, net.Devices.Count(d => d.Role == DeviceRole.EdgeSwitch));
        Assert.Equal(2, net.Devices.Count(d => d.Role == DeviceRole.CoreSwitch));
        Assert.Equal(20 + (3 * 2), net.Links.Count);
        Assert.Contains(net.Devices.SelectMany(d => d.Ports), p => p.InBitsPerSecond > 1e9);
        // Six services, a Redis master and replica, the simulated supervisord host with its group of five processes, the
        // ZooKeeper ensemble with its three servers, the 20 servers as compute nodes under their row, and the
        // Kubernetes cluster: its row, the nodes' row and 12 nodes, 2 namespaces, 10 workloads and 60 pods; and the
        // Kafka cluster in the admin collector's shape (its row, 3 brokers, 4 topics, 2 groups) instead of one row, and Ceph.
        var services = store.Services.Snapshot();
        Assert.Equal(20 + 19 + 86 + 10 + 1, services.Count);
        Assert.Equal(60, services.Count(s => s.Kind == OnlineConsole.Core.Services.KubernetesKinds.Pod));
        var nodes = services.Where(s => s.Parent == OnlineConsole.Collectors.ComputeNodes.ComputeNodesCollector.GroupName).ToList();
        Assert.Equal(20, nodes.Count);
        // The node rows show the numbers the topology's hover cards show.
        var hd = net.Devices.First(d => d.Role == DeviceRole.Server && d.Metrics is not null);
        var row = nodes.Single(n => n.Name == OnlineConsole.Collectors.ComputeNodes.ComputeNodesCollector.ServiceName(hd.Name));
        Assert.Equal(Math.Round(hd.Metrics!.CpuPercent!.Value).ToString(System.Globalization.CultureInfo.InvariantCulture) + " %", row.Facts.Single(f => f.Key == "Node.Fact.Cpu").Value);
        Assert.Equal(2, services.Count(s => s.Kind == OnlineConsole.Collectors.RedisHealth.RedisHealthCollector.Kind));
        Assert.Equal(3, services.Count(s => s.Parent == OnlineConsole.Collectors.ZooKeeper.ZooKeeperCollector.EnsembleName("sim")));
        Assert.Equal(5, services.Count(s => s.Parent == OnlineConsole.Collectors.Simulation.SimulatedSupervisor.GroupName && s.Controllable));
    }

    [Fact]
    public void Thousands_of_simulated_servers_list_the_first_200_as_compute_nodes_and_count_them_all()
    {
        var options = Fast();
        options.Servers = 2000;
        options.ServersPerEdgeSwitch = 10;
        var (sim, store, time) = Make(options);
        for (var i = 0; i < 6; i++)
        {
            sim.Step(time.GetUtcNow());
            time.Advance(TimeSpan.FromSeconds(1));
        }
        var services = store.Services.Snapshot();
        Assert.Equal(200, services.Count(s => s.Parent == OnlineConsole.Collectors.ComputeNodes.ComputeNodesCollector.GroupName));
        Assert.EndsWith("of 2000 node(s) up (the first 200 listed)", services.Single(s => s.Name == OnlineConsole.Collectors.ComputeNodes.ComputeNodesCollector.GroupName).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_list_every_problem_naming_the_setting()
    {
        var errors = new SimulatorOptions { FrameInterval = TimeSpan.FromMilliseconds(1), Servers = -1, FirstRunNumber = 0 }.Validate().ToList();
        Assert.Contains(errors, e => e.StartsWith("Simulator:FrameInterval", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Simulator:Servers", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Simulator:FirstRunNumber", StringComparison.Ordinal));
    }
}
