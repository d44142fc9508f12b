using System.Text.Json;
using OnlineConsole.Components.Network;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Tests.Network;

[Trait("Category", "Unit")]
public sealed class TopologyElementsTests
{
    private static readonly SourceStamp Stamp = new("t", DateTimeOffset.UnixEpoch);

    private static NetworkSnapshot Net(LinkState serverPort) => NetworkAlarms.WithAlarms(new NetworkSnapshot(
    [
        new NetworkDevice("edge01", DeviceRole.EdgeSwitch, "10.0.0.1", true, [new PortStatus(1, "Eth1/1", serverPort, 25_000_000_000, 5e9, 1e9, 0, 0, "hd001")], Stamp),
        new NetworkDevice("hd001", DeviceRole.Server, "10.0.1.1", true, [], Stamp),
    ], [new NetworkLink("edge01", "Eth1/1", "hd001", "eth0")]), NetworkAlarmThresholds.Default);

    [Fact]
    public void A_down_link_carries_the_alarm_label_on_the_edge_and_the_server_and_the_server_sits_in_its_switch_rack()
    {
        var e = TopologyElements.Build(Net(LinkState.Down));
        using var edge = JsonDocument.Parse(e["l:edge01:Eth1/1|hd001:eth0"]);
        Assert.Equal("hd001 down!", edge.RootElement.GetProperty("alarm").GetString());
        Assert.Equal("Down", edge.RootElement.GetProperty("state").GetString());
        using var server = JsonDocument.Parse(e["d:hd001"]);
        Assert.Equal("hd001 down!", server.RootElement.GetProperty("label").GetString());
        Assert.Equal("edge01", server.RootElement.GetProperty("rack").GetString());
    }

    /// <summary>srv5 dual-homed: eth0 to sw2:swp3, eth1 to sw3:swp1 (as in the ring lab).</summary>
    private static NetworkSnapshot DualHomed(LinkState eth0, LinkState eth1, bool reachable = true) => NetworkAlarms.WithAlarms(new NetworkSnapshot(
    [
        new NetworkDevice("sw2", DeviceRole.EdgeSwitch, "10.0.0.2", true, [new PortStatus(3, "swp3", eth0, 1_000_000_000, 0, 0, 0, 0, "srv5") { NeighbourPort = "eth0" }], Stamp),
        new NetworkDevice("sw3", DeviceRole.EdgeSwitch, "10.0.0.3", true, [new PortStatus(1, "swp1", eth1, 1_000_000_000, 0, 0, 0, 0, "srv5") { NeighbourPort = "eth1" }], Stamp),
        new NetworkDevice("srv5", DeviceRole.Server, "10.0.1.5", reachable, [], Stamp),
    ], [new NetworkLink("sw2", "swp3", "srv5", "eth0"), new NetworkLink("sw3", "swp1", "srv5", "eth1")]), NetworkAlarmThresholds.Default);

    [Fact]
    public void A_server_that_loses_one_of_two_uplinks_is_a_warning_and_down_only_when_all_are_down_or_it_is_unreachable()
    {
        var one = DualHomed(LinkState.Up, LinkState.Down);
        var candidate = Assert.Single(one.Alarms);
        Assert.Equal((NetworkAlarmKind.LinkDown, NetworkAlarmSeverity.Warning, "srv5 eth1 down"), (candidate.Kind, candidate.Severity, candidate.Label));
        Assert.Contains("1 of 2 links up", candidate.Detail, StringComparison.Ordinal);
        var e = TopologyElements.Build(one);
        using (var server = JsonDocument.Parse(e["d:srv5"]))
        {
            Assert.Equal(JsonValueKind.Null, server.RootElement.GetProperty("alarm").ValueKind);
            Assert.Equal("srv5 eth1 down", server.RootElement.GetProperty("warn").GetString());
            Assert.Equal("srv5 eth1 down", server.RootElement.GetProperty("label").GetString());
        }
        using (var edge = JsonDocument.Parse(e["l:sw3:swp1|srv5:eth1"]))
        {
            Assert.Equal(JsonValueKind.Null, edge.RootElement.GetProperty("alarm").ValueKind);
            Assert.Equal("srv5 eth1 down", edge.RootElement.GetProperty("warn").GetString());
        }

        var both = DualHomed(LinkState.Down, LinkState.Down);
        Assert.All(both.Alarms, a => Assert.Equal((NetworkAlarmSeverity.Alarm, "srv5 down!"), (a.Severity, a.Label)));
        Assert.Equal(2, both.Alarms.Count);
        using (var server = JsonDocument.Parse(TopologyElements.Build(both)["d:srv5"]))
            Assert.Equal("srv5 down!", server.RootElement.GetProperty("alarm").GetString());

        var unreachable = DualHomed(LinkState.Up, LinkState.Down, reachable: false);
        using (var server = JsonDocument.Parse(TopologyElements.Build(unreachable)["d:srv5"]))
            Assert.Equal("srv5 unreachable!", server.RootElement.GetProperty("alarm").GetString());
    }

    [Fact]
    public void A_server_NIC_mirroring_a_switch_port_raises_no_second_candidate_for_the_same_cable()
    {
        var snapshot = DualHomed(LinkState.Up, LinkState.Down);
        var srv5 = snapshot.Devices.Single(d => d.Name == "srv5") with
        {
            Ports = [new PortStatus(1, "eth0", LinkState.Up, 0, 0, 0, 0, 0, "sw2") { RatesKnown = false, NeighbourPort = "swp3" },
                     new PortStatus(2, "eth1", LinkState.Down, 0, 0, 0, 0, 0, "sw3") { RatesKnown = false, NeighbourPort = "swp1" }],
        };
        var withNics = NetworkAlarms.WithAlarms(snapshot with { Devices = [.. snapshot.Devices.Where(d => d.Name != "srv5"), srv5] }, NetworkAlarmThresholds.Default);
        var only = Assert.Single(withNics.Alarms);
        Assert.Equal(("sw3", NetworkAlarmSeverity.Warning), (only.Device, only.Severity));
    }

    [Fact]
    public void Without_racks_servers_are_grouped_by_their_switch_and_the_switch_sits_in_its_own_group()
    {
        var snapshot = new NetworkSnapshot(
        [
            new NetworkDevice("core", DeviceRole.CoreSwitch, "10.0.0.9", true, [new PortStatus(1, "swp1", LinkState.Up, 0, 0, 0, 0, 0, "sw1")], Stamp),
            new NetworkDevice("sw1", DeviceRole.CoreSwitch, "10.0.0.1", true, [new PortStatus(1, "swp1", LinkState.Up, 0, 0, 0, 0, 0, "srv1"), new PortStatus(2, "swp2", LinkState.Up, 0, 0, 0, 0, 0, "srv2")], Stamp),
            new NetworkDevice("edge02", DeviceRole.EdgeSwitch, "10.0.0.2", true, [], Stamp),
            new NetworkDevice("srv1", DeviceRole.Server, null, true, [], Stamp),
            new NetworkDevice("srv2", DeviceRole.Server, null, true, [], Stamp),
        ], [new NetworkLink("sw1", "swp1", "srv1", "eth0"), new NetworkLink("srv2", "eth0", "sw1", "swp2"), new NetworkLink("core", "swp1", "sw1", "swp9")]);
        var e = TopologyElements.Build(snapshot);
        string? Rack(string name)
        {
            using var node = JsonDocument.Parse(e["d:" + name]);
            return node.RootElement.GetProperty("rack").GetString();
        }
        Assert.Equal("sw1", Rack("srv1"));
        Assert.Equal("sw1", Rack("srv2"));
        Assert.Equal("sw1", Rack("sw1"));
        // Switches without servers keep to their role's group.
        Assert.Null(Rack("core"));
        Assert.Null(Rack("edge02"));
    }

    [Fact]
    public void Only_changed_elements_and_removed_ids_are_sent_after_the_first_time()
    {
        var before = TopologyElements.Build(Net(LinkState.Up));
        var (all, none) = TopologyElements.Diff(new Dictionary<string, string>(), before);
        Assert.Equal(3, JsonDocument.Parse(all).RootElement.GetArrayLength());
        Assert.Empty(none);
        var (same, _) = TopologyElements.Diff(before, TopologyElements.Build(Net(LinkState.Up)));
        Assert.Equal("[]", same);
        var after = TopologyElements.Build(Net(LinkState.Down));
        var (changed, _) = TopologyElements.Diff(before, after);
        var ids = JsonDocument.Parse(changed).RootElement.EnumerateArray().Select(x => x.GetProperty("id").GetString()).ToList();
        // The switch (its down count), the server (its label) and the link changed; nodes come before edges.
        Assert.Equal(["d:edge01", "d:hd001", "l:edge01:Eth1/1|hd001:eth0"], ids);
        after.Remove("d:hd001");
        Assert.Equal(["d:hd001"], TopologyElements.Diff(before, after).Removed);
    }
}

[Trait("Category", "Unit")]
public sealed class TopologyMetricsTests
{
    [Fact]
    public void Host_metrics_travel_apart_with_a_boot_time_that_stays_put_between_polls()
    {
        var t0 = new DateTimeOffset(2026, 11, 21, 12, 0, 30, TimeSpan.Zero);
        NetworkSnapshot Snap(DateTimeOffset at, double cpu) => new(
        [
            new NetworkDevice("hd001", DeviceRole.Server, null, true, [], new SourceStamp("t", at)) { Metrics = new NodeMetrics(cpu, 61.2, at - t0 + TimeSpan.FromHours(5)) },
            new NetworkDevice("hd002", DeviceRole.Server, null, true, [], new SourceStamp("t", at)),
        ], []);
        var first = Snap(t0, 12.4);
        var later = Snap(t0.AddSeconds(10), 80);
        // The node elements do not change with the metrics: no graph traffic for a CPU figure.
        Assert.Equal(TopologyElements.Build(first), TopologyElements.Build(later));
        using var a = JsonDocument.Parse(TopologyElements.Metrics(first));
        using var b = JsonDocument.Parse(TopologyElements.Metrics(later));
        Assert.False(a.RootElement.TryGetProperty("d:hd002", out _));
        var m = a.RootElement.GetProperty("d:hd001");
        Assert.Equal(12, m[0].GetDouble());
        Assert.Equal(61, m[1].GetDouble());
        var boot = (t0 - TimeSpan.FromHours(5)).ToUnixTimeMilliseconds() / 60_000 * 60_000;
        Assert.Equal(boot, m[2].GetInt64());
        Assert.Equal(boot, b.RootElement.GetProperty("d:hd001")[2].GetInt64());
        Assert.Equal(80, b.RootElement.GetProperty("d:hd001")[0].GetDouble());
    }

    [Fact]
    public void A_servers_card_takes_cpu_and_memory_from_its_compute_node_row_where_prometheus_has_them()
    {
        var at = new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);
        var snap = new NetworkSnapshot(
        [
            new NetworkDevice("hd001", DeviceRole.Server, null, true, [], new SourceStamp("snmp", at)) { Metrics = new NodeMetrics(12.4, 61.2, TimeSpan.FromHours(5)) },
            new NetworkDevice("hd002", DeviceRole.Server, null, true, [], new SourceStamp("snmp", at)),
            new NetworkDevice("hd003", DeviceRole.Server, null, true, [], new SourceStamp("snmp", at)) { Metrics = new NodeMetrics(30, 40, null) },
        ], []);
        var nodes = new Dictionary<string, (double? Cpu, double? Memory)> { ["hd001"] = (87.6, 22.4), ["hd002"] = (5.2, 70.1) };
        using var doc = JsonDocument.Parse(TopologyElements.Metrics(snap, nodes));
        var root = doc.RootElement;
        // Prometheus' numbers win where they exist (the node table shows them), SNMP's boot time stays.
        Assert.Equal((88d, 22d), (root.GetProperty("d:hd001")[0].GetDouble(), root.GetProperty("d:hd001")[1].GetDouble()));
        Assert.NotEqual(JsonValueKind.Null, root.GetProperty("d:hd001")[2].ValueKind);
        // A server SNMP does not read still gets a card from Prometheus.
        Assert.Equal((5d, 70d), (root.GetProperty("d:hd002")[0].GetDouble(), root.GetProperty("d:hd002")[1].GetDouble()));
        Assert.Equal(30, root.GetProperty("d:hd003")[0].GetDouble());
    }

    [Fact]
    public void Simulated_servers_report_plausible_metrics()
    {
        var time = new Support.ManualTimeProvider();
        var store = Support.TestStores.Create(time);
        var sim = new Collectors.Simulation.DetectorSimulator(new Collectors.Simulation.SimulatorOptions { Servers = 20, ServersPerEdgeSwitch = 10 }, store);
        for (var i = 0; i < 12; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            sim.Step(time.GetUtcNow());
        }
        var servers = store.Network.Snapshot.Devices.Where(d => d.Role == DeviceRole.Server && d.Reachable).ToList();
        Assert.NotEmpty(servers);
        Assert.All(servers, s =>
        {
            Assert.NotNull(s.Metrics);
            Assert.InRange(s.Metrics.CpuPercent!.Value, 0, 100);
            Assert.InRange(s.Metrics.MemoryUsedPercent!.Value, 0, 100);
            Assert.True(s.Metrics.Uptime > TimeSpan.FromMinutes(30));
        });
        Assert.All(store.Network.Snapshot.Devices.Where(d => d.Role != DeviceRole.Server), d => Assert.Null(d.Metrics));
    }

    [Fact]
    public void Simulated_servers_carry_round_trip_and_loss_like_probed_ones_and_the_card_gets_them()
    {
        var time = new Support.ManualTimeProvider();
        var store = Support.TestStores.Create(time);
        var sim = new Collectors.Simulation.DetectorSimulator(new Collectors.Simulation.SimulatorOptions { Servers = 20, ServersPerEdgeSwitch = 10 }, store);
        for (var i = 0; i < 12; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            sim.Step(time.GetUtcNow());
        }
        var snapshot = store.Network.Snapshot;
        var servers = snapshot.Devices.Where(d => d.Role == DeviceRole.Server).ToList();
        Assert.All(servers, s =>
        {
            var r = Assert.IsType<ReachabilityStats>(s.Reachability);
            Assert.True(r.Probes > 0);
            Assert.InRange(r.Loss, 0, 1);
            Assert.Equal(TimeSpan.FromMinutes(5), r.Window);
            if (s.Reachable) Assert.InRange(r.AverageRttMs!.Value, 0.1, 5);
        });
        // One in ten simulated hosts drops ICMP and is checked by TCP, as the configuration allows per server.
        Assert.Equal((ReachabilityMethod.Tcp, 22), (servers.Single(s => s.Name == "hd010").Reachability!.Method, servers.Single(s => s.Name == "hd010").Reachability!.Port));
        Assert.Equal(ReachabilityMethod.Icmp, servers.Single(s => s.Name == "hd001").Reachability!.Method);
        Assert.All(snapshot.Devices.Where(d => d.Role != DeviceRole.Server), d => Assert.Null(d.Reachability));

        using var metrics = JsonDocument.Parse(TopologyElements.Metrics(snapshot));
        var hd010 = metrics.RootElement.GetProperty("d:hd010");
        Assert.Equal("tcp:22", hd010[3].GetString());
        Assert.Equal(servers.Single(s => s.Name == "hd010").Reachability!.Loss * 100, hd010[6].GetDouble(), 1);
        Assert.Equal(5, hd010[7].GetDouble());
    }
}
