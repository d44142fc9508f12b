using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors;
using OnlineConsole.Collectors.Network;
using OnlineConsole.Components.Network;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Network;

[Trait("Category", "Unit")]
public sealed class NetworkThresholdTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly SourceStamp Stamp = new("t", T0);

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddCollectors(config).BuildServiceProvider();
    }

    // 25 Gb/s port at 40 % (10 Gb/s in) between two switches.
    private static NetworkSnapshot Net(NetworkAlarmThresholds thresholds) => NetworkAlarms.WithAlarms(new NetworkSnapshot(
    [
        new NetworkDevice("edge01", DeviceRole.EdgeSwitch, null, true, [new PortStatus(1, "up1", LinkState.Up, 25_000_000_000, 10e9, 1e9, 0, 0, "core01")], Stamp),
        new NetworkDevice("core01", DeviceRole.CoreSwitch, null, true, [new PortStatus(1, "Eth1/1", LinkState.Up, 25_000_000_000, 1e9, 10e9, 0, 0, "edge01")], Stamp),
    ], [new NetworkLink("edge01", "up1", "core01", "Eth1/1")]), thresholds);

    [Fact]
    public void Configured_thresholds_are_the_one_singleton_and_alone_do_not_switch_snmp_polling_on()
    {
        var settings = new Dictionary<string, string?> { ["Network:UtilizationWarning"] = "0.3", ["Network:UtilizationAlarm"] = "0.35", ["Network:ErrorRateAlarm"] = "5" };
        using var sp = Provider(settings);
        var t = sp.GetRequiredService<NetworkAlarmThresholds>();
        Assert.Equal(new NetworkAlarmThresholds(0.35, 5) { UtilizationWarning = 0.3 }, t);
        Assert.False(CollectorsRegistration.NetworkConfigured(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
        Assert.Null(sp.GetService<NetworkCollector>());
    }

    [Fact]
    public void A_warning_above_the_alarm_is_refused()
    {
        using var sp = Provider(new() { ["Network:UtilizationWarning"] = "0.95", ["Network:UtilizationAlarm"] = "0.9" });
        var e = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<NetworkAlarmThresholds>());
        Assert.Contains("Network:UtilizationWarning", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_default_threshold_changes_the_port_colour_the_link_colour_and_the_alarms()
    {
        var byDefault = Net(NetworkAlarmThresholds.Default);
        var port = byDefault.Devices[0].Ports[0];
        Assert.Equal("port-util1", PortView.RowClass(port, byDefault.Thresholds));
        Assert.Empty(byDefault.Alarms);
        Assert.Equal("Normal", Level(byDefault));

        var warn = Net(new NetworkAlarmThresholds(0.9, 1) { UtilizationWarning = 0.35 });
        Assert.Equal("port-warn", PortView.RowClass(port, warn.Thresholds));
        Assert.Empty(warn.Alarms);
        Assert.Equal("Warning", Level(warn));

        var alarm = Net(new NetworkAlarmThresholds(0.38, 1) { UtilizationWarning = 0.2 });
        Assert.Equal("port-hot", PortView.RowClass(port, alarm.Thresholds));
        Assert.Equal(2, alarm.Alarms.Count(a => a.Kind == NetworkAlarmKind.Utilization));
        Assert.Equal("Alarm", Level(alarm));
    }

    [Fact]
    public void The_simulated_network_is_evaluated_with_the_configured_thresholds()
    {
        var time = new ManualTimeProvider(T0);
        var store = TestStores.Create(time);
        var thresholds = new NetworkAlarmThresholds(0.001, 1e6) { UtilizationWarning = 0.0005 };
        var sim = new Collectors.Simulation.DetectorSimulator(new Collectors.Simulation.SimulatorOptions { Servers = 4, ServersPerEdgeSwitch = 2 }, store, thresholds);
        for (var i = 0; i < 12; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            sim.Step(time.GetUtcNow());
        }
        var snap = store.Network.Snapshot;
        Assert.Same(thresholds, snap.Thresholds);
        // Every up link carries some load: over an alarm threshold of 0.1 %, so each measured up port is a candidate.
        Assert.Contains(snap.Alarms, a => a.Kind == NetworkAlarmKind.Utilization);
    }

    private static string Level(NetworkSnapshot s)
    {
        using var edge = JsonDocument.Parse(TopologyElements.Build(s)["l:edge01:up1|core01:Eth1/1"]);
        return edge.RootElement.GetProperty("level").GetString()!;
    }
}

[Trait("Category", "Unit")]
public sealed class LinkExpiryTests
{
    [Fact]
    public void A_link_lldp_stops_reporting_is_shown_unseen_with_its_last_sighting_then_forgotten_after_the_setting()
    {
        var time = new ManualTimeProvider();
        var forget = TimeSpan.FromHours(1);
        var seenAt = time.GetUtcNow();
        var neighbours = new List<LldpNeighbour> { new("swp1", "srv3", "eth0", null, false), new("swp2", "srv4", "eth0", null, false) };
        var links = LinkMerger.Merge([("sw2", neighbours)], [], [], time.GetUtcNow(), forget);
        Assert.All(links, l => Assert.False(l.Unseen));
        Assert.All(links, l => Assert.Equal(seenAt, l.LastSeen));

        // srv3 goes quiet; srv4 keeps answering.
        time.Advance(TimeSpan.FromMinutes(12));
        links = LinkMerger.Merge([("sw2", [neighbours[1]])], [], links, time.GetUtcNow(), forget);
        var quiet = Assert.Single(links, l => l.DeviceB == "srv3");
        Assert.True(quiet.Unseen);
        Assert.Equal(seenAt, quiet.LastSeen);
        Assert.Equal(time.GetUtcNow(), links.Single(l => l.DeviceB == "srv4").LastSeen);

        // The topology carries it dashed with its last sighting for the hover card ("last seen 12 min ago").
        var stamp = new SourceStamp("t", time.GetUtcNow());
        var snap = new NetworkSnapshot([new NetworkDevice("sw2", DeviceRole.EdgeSwitch, null, true, [], stamp), new NetworkDevice("srv3", DeviceRole.Server, null, true, [], stamp)], links);
        using var edge = JsonDocument.Parse(TopologyElements.Build(snap)["l:sw2:swp1|srv3:eth0"]);
        Assert.True(edge.RootElement.GetProperty("unseen").GetBoolean());
        Assert.Equal(seenAt.ToUnixTimeMilliseconds(), edge.RootElement.GetProperty("lastSeen").GetInt64());

        time.Advance(TimeSpan.FromMinutes(48));
        links = LinkMerger.Merge([("sw2", [neighbours[1]])], [], links, time.GetUtcNow(), forget);
        Assert.Contains(links, l => l.DeviceB == "srv3");
        time.Advance(TimeSpan.FromSeconds(1));
        links = LinkMerger.Merge([("sw2", [neighbours[1]])], [], links, time.GetUtcNow(), forget);
        Assert.DoesNotContain(links, l => l.DeviceB == "srv3");
        Assert.Contains(links, l => l.DeviceB == "srv4");
    }

    [Fact]
    public void Forget_links_after_is_validated()
    {
        var o = new NetworkOptions
        {
            Switches = [new NetworkSwitchOptions { Name = "sw1", Address = "10.0.0.1", Community = "c" }],
            ForgetLinksAfter = TimeSpan.FromSeconds(30),
        };
        Assert.Contains(o.Validate(), e => e.StartsWith("Network:ForgetLinksAfter", StringComparison.Ordinal));
        o.ForgetLinksAfter = TimeSpan.FromHours(1);
        Assert.DoesNotContain(o.Validate(), e => e.Contains("ForgetLinksAfter", StringComparison.Ordinal));
    }
}
