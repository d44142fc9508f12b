using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Network;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Network;

/// <summary>The collector against the ring lab: only its addresses (10.83.0.0/16) are contacted.</summary>
[Trait("Category", "Integration")]
[Collection("ringlab")]
public sealed class RingLabTests(RingLabFixture lab) : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private LoggerFactory _loggerFactory = null!;
    private LiveStore _store = null!;
    private SnmpClient _client = null!;
    private NetworkCollector _collector = null!;

    public Task InitializeAsync()
    {
        _loggerFactory = new LoggerFactory([_logs]);
        _store = TestStores.Create(TimeProvider.System);
        _client = new SnmpClient(new SnmpClientOptions { Timeout = TimeSpan.FromSeconds(1), Retries = 1 });
        // Seeded with sw1 only: sw2 and sw3 are found through LLDP. srv5 is probed on its management address.
        var options = new NetworkOptions
        {
            PollInterval = TimeSpan.FromSeconds(1),
            DiscoveryInterval = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromSeconds(1),
            Switches = [new NetworkSwitchOptions { Name = "sw1", Address = RingLabFixture.SwitchAddress(1), Community = NetLabFixture.Community, Role = DeviceRole.CoreSwitch }],
            DiscoverNetworks = [$"{RingLabFixture.LabNet}.0.0/16"],
            Servers = [new NetworkServerOptions { Name = "srv5", Address = RingLabFixture.ServerAddress(5) }],
        };
        _collector = new NetworkCollector(_store, Options.Create(options), _loggerFactory.CreateLogger<NetworkCollector>());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _collector.Dispose();
        await _client.DisposeAsync();
        _loggerFactory.Dispose();
    }

    private static HashSet<string> Links(NetworkSnapshot s) =>
        s.Links.Select(l => NetLabFixture.Key(l.DeviceA, l.PortA, l.DeviceB, l.PortB)).ToHashSet(StringComparer.Ordinal);

    private async Task<NetworkSnapshot> CycleUntilAsync(Func<NetworkSnapshot, bool> done, TimeSpan deadline, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await _collector.CycleAsync(_client, CancellationToken.None);
            }
            catch (SnmpException) when (clock.Elapsed < deadline)
            {
                // The lab's snmpd may still be starting.
            }
            var s = _store.Network.Snapshot;
            if (done(s)) return s;
            if (clock.Elapsed > deadline)
                Assert.Fail($"{what} not seen within {deadline.TotalSeconds} s. Links: {string.Join(", ", Links(s))}; alarms: {string.Join(", ", s.Alarms.Select(a => $"{a.Severity} {a.Label}"))}; log: {string.Join(" | ", _logs.Entries.Select(e => e.Message))}");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private Task<NetworkSnapshot> AllUpAsync() =>
        CycleUntilAsync(s => Links(s).SetEquals(RingLabFixture.ExpectedLinks) && s.Alarms.Count == 0, TimeSpan.FromSeconds(45), "the ring's nine links, all up");

    [Fact]
    public async Task Discovery_from_one_seed_finds_the_ring_and_the_dual_homed_server()
    {
        var s = await AllUpAsync();
        Assert.Equal(["srv1", "srv2", "srv3", "srv4", "srv5", "sw1", "sw2", "sw3"], s.Devices.Select(d => d.Name).Order(StringComparer.Ordinal));
        var srv5 = s.Devices.Single(d => d.Name == "srv5");
        Assert.True(srv5.ReachabilityProbed);
        Assert.True(srv5.Reachable);
        Assert.Equal(2, s.Links.Count(l => l.DeviceA == "srv5" || l.DeviceB == "srv5"));
    }

    [Fact]
    public async Task The_dual_homed_server_losing_one_uplink_is_a_warning_and_down_only_when_both_are_lost()
    {
        await AllUpAsync();
        try
        {
            await lab.SetLinkAsync("srv5", "eth1", up: false);
            var one = await CycleUntilAsync(s => Port(s, "sw3", "swp1")?.State == LinkState.Down, TimeSpan.FromSeconds(15), "sw3:swp1 down");
            var warning = Assert.Single(one.Alarms);
            Assert.Equal((NetworkAlarmKind.LinkDown, NetworkAlarmSeverity.Warning, "srv5 eth1 down", "sw3"), (warning.Kind, warning.Severity, warning.Label, warning.Device));
            Assert.Contains("1 of 2 links up", warning.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain(one.Alarms, a => a.Severity == NetworkAlarmSeverity.Alarm);
            Assert.True(one.Devices.Single(d => d.Name == "srv5").Reachable);

            await lab.SetLinkAsync("srv5", "eth0", up: false);
            var both = await CycleUntilAsync(s => Port(s, "sw2", "swp3")?.State == LinkState.Down && Port(s, "sw3", "swp1")?.State == LinkState.Down,
                TimeSpan.FromSeconds(15), "sw2:swp3 and sw3:swp1 down");
            Assert.Equal(2, both.Alarms.Count);
            Assert.All(both.Alarms, a => Assert.Equal((NetworkAlarmKind.LinkDown, NetworkAlarmSeverity.Alarm, "srv5 down!"), (a.Kind, a.Severity, a.Label)));
            // Both cables stay on the map, down, though LLDP lost them with their carrier.
            Assert.True(Links(both).SetEquals(RingLabFixture.ExpectedLinks));
        }
        finally
        {
            await lab.SetLinkAsync("srv5", "eth0", up: true);
            await lab.SetLinkAsync("srv5", "eth1", up: true);
        }
        await CycleUntilAsync(s => Port(s, "sw2", "swp3")?.State == LinkState.Up && Port(s, "sw3", "swp1")?.State == LinkState.Up && s.Alarms.Count == 0,
            TimeSpan.FromSeconds(15), "srv5's links up again");
    }

    [Fact]
    public async Task Icmp_echo_gives_round_trip_and_loss_and_a_tcp_checked_server_stays_up_when_icmp_is_dropped()
    {
        // Straight at the management address of srv5: an echo reply with a measured round trip.
        var rtt = await IcmpReachability.ProbeAsync(System.Net.IPAddress.Parse(RingLabFixture.ServerAddress(5)), TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.NotNull(rtt);
        Assert.InRange(rtt.Value, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(1));

        var options = new NetworkOptions
        {
            PollInterval = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromMilliseconds(500),
            Switches = [new NetworkSwitchOptions { Name = "sw1", Address = RingLabFixture.SwitchAddress(1), Community = NetLabFixture.Community }],
            Servers =
            [
                new NetworkServerOptions { Name = "srv4", Address = RingLabFixture.ServerAddress(4), Reachability = ReachabilityMethod.Tcp, ReachabilityPort = 22 },
                new NetworkServerOptions { Name = "srv5", Address = RingLabFixture.ServerAddress(5) },
            ],
        };
        Assert.Empty(options.Validate());
        var store = TestStores.Create(TimeProvider.System);
        using var collector = new NetworkCollector(store, Options.Create(options), _loggerFactory.CreateLogger<NetworkCollector>());
        NetworkDevice Device(string name) => store.Network.Snapshot.Devices.Single(d => d.Name == name);
        for (var i = 0; i < 3; i++) await collector.CycleAsync(_client, CancellationToken.None);
        var answered = Device("srv5").Reachability!;
        Assert.Equal((ReachabilityMethod.Icmp, 3, 0.0), (answered.Method, answered.Probes, answered.Loss));
        Assert.NotNull(answered.LastRttMs);
        Assert.InRange(answered.AverageRttMs!.Value, 0.001, 1000);
        Assert.Equal((ReachabilityMethod.Tcp, 22), (Device("srv4").Reachability!.Method, Device("srv4").Reachability!.Port));

        try
        {
            foreach (var node in new[] { "srv4", "srv5" }) await lab.ExecAsync(node, "sysctl", "-q", "net.ipv4.icmp_echo_ignore_all=1");
            await collector.CycleAsync(_client, CancellationToken.None);
            var srv5 = Device("srv5");
            Assert.False(srv5.Reachable);
            Assert.Null(srv5.Reachability!.LastRttMs);
            Assert.Equal(0.25, srv5.Reachability.Loss, 3);
            Assert.NotNull(srv5.Reachability.AverageRttMs);
            Assert.Contains(store.Network.Snapshot.Alarms, a => a.Label == "srv5 unreachable!");
            // srv4 drops ICMP too, but its check is TCP: the refused connect still says it is there.
            Assert.True(Device("srv4").Reachable);
            Assert.Equal(0.0, Device("srv4").Reachability!.Loss);
        }
        finally
        {
            foreach (var node in new[] { "srv4", "srv5" }) await lab.ExecAsync(node, "sysctl", "-q", "net.ipv4.icmp_echo_ignore_all=0");
        }
        await collector.CycleAsync(_client, CancellationToken.None);
        Assert.True(Device("srv5").Reachable);
        Assert.Equal(0.2, Device("srv5").Reachability!.Loss, 3);
    }

    private static PortStatus? Port(NetworkSnapshot s, string device, string port) =>
        s.Devices.FirstOrDefault(d => d.Name == device)?.Ports.FirstOrDefault(p => p.Name == port);
}
