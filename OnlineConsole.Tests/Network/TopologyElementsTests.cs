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
}
