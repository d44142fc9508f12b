using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Network;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Network;

/// <summary>The collector against the namespace lab: only lab addresses (10.79.0.0/16) and 127.0.0.1 are contacted.</summary>
[Trait("Category", "Integration")]
[Collection("netlab")]
public sealed class NetLabTests(NetLabFixture lab) : IAsyncLifetime
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
        // Only sw1 is configured: sw2 must be found through LLDP.
        var options = new NetworkOptions
        {
            PollInterval = TimeSpan.FromSeconds(1),
            DiscoveryInterval = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromSeconds(1),
            Switches = [new NetworkSwitchOptions { Name = "sw1", Address = NetLabFixture.SwitchAddress(1), Community = NetLabFixture.Community, Role = DeviceRole.CoreSwitch }],
            DiscoverNetworks = [$"{NetLabFixture.LabNet}.0.0/16"],
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

    /// <summary>Runs poll cycles until <paramref name="done"/> holds for the store's snapshot, or fails at the deadline.</summary>
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
                // The lab's snmpd may still be starting; the snapshot then says unreachable, and the loop goes on.
            }
            var s = _store.Network.Snapshot;
            if (done(s)) return s;
            if (clock.Elapsed > deadline)
                Assert.Fail($"{what} not seen within {deadline.TotalSeconds} s. Links: {string.Join(", ", Links(s))}; ports: {string.Join(", ", s.Devices.SelectMany(d => d.Ports.Select(p => $"{d.Name}:{p.Name}={p.State}")))}; log: {string.Join(" | ", _logs.Entries.Select(e => e.Message))}");
            // One cycle per poll interval, as the collector runs.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    [Fact]
    public async Task Discovery_from_one_seed_finds_exactly_the_labs_links_and_devices()
    {
        // lldpd sends every 2 s; the first rounds may see only part of the fabric.
        // Also waits out a cable another test took down coming back up.
        var s = await CycleUntilAsync(s => Links(s).SetEquals(NetLabFixture.ExpectedLinks) && s.Alarms.Count == 0 && Port(s, "sw1", "swp1")?.RatesKnown == true,
            TimeSpan.FromSeconds(30), "the lab's five links, all up, with rates");
        Assert.Equal(NetLabFixture.ExpectedLinks.Order(StringComparer.Ordinal), Links(s).Order(StringComparer.Ordinal));
        Assert.Equal(["srv1", "srv2", "srv3", "srv4", "sw1", "sw2"], s.Devices.Select(d => d.Name).Order(StringComparer.Ordinal));
        var sw2 = s.Devices.Single(d => d.Name == "sw2");
        Assert.True(sw2.Reachable);
        Assert.Equal(NetLabFixture.SwitchAddress(2), sw2.Address);
        var swp1 = s.Devices.Single(d => d.Name == "sw1").Ports.Single(p => p.Name == "swp1");
        Assert.Equal(("srv1", "eth0"), (swp1.Neighbour, swp1.NeighbourPort));
        Assert.Equal(LinkState.Up, swp1.State);
        Assert.True(swp1.RatesKnown);
        Assert.Empty(s.Alarms);
        Assert.Equal(0, _collector.Health.Snapshot().Malformed);
    }

    [Fact]
    public async Task A_cable_taken_down_shows_its_port_down_with_an_alarm_within_15_s_and_recovers()
    {
        await CycleUntilAsync(s => Links(s).SetEquals(NetLabFixture.ExpectedLinks), TimeSpan.FromSeconds(30), "the lab's links");
        try
        {
            await lab.SetLinkAsync("srv3", "eth0", up: false);
            var down = await CycleUntilAsync(s => Port(s, "sw2", "swp1")?.State == LinkState.Down, TimeSpan.FromSeconds(15), "sw2:swp1 down");
            Assert.Contains(down.Alarms, a => a is { Kind: NetworkAlarmKind.LinkDown, Device: "sw2", Port: "swp1", Label: "srv3 down!" });
            // The cable lost its LLDP neighbour with its carrier, but stays on the map, down.
            Assert.Equal(NetLabFixture.ExpectedLinks.Order(StringComparer.Ordinal), Links(down).Order(StringComparer.Ordinal));
            Assert.Equal(LinkState.Down, down.Devices.Single(d => d.Name == "srv3").Ports.Single().State);
        }
        finally
        {
            await lab.SetLinkAsync("srv3", "eth0", up: true);
        }
        var up = await CycleUntilAsync(s => Port(s, "sw2", "swp1")?.State == LinkState.Up, TimeSpan.FromSeconds(15), "sw2:swp1 up again");
        Assert.DoesNotContain(up.Alarms, a => a.Kind == NetworkAlarmKind.LinkDown);
    }

    [Fact]
    public async Task Tcp_reachability_counts_a_refusal_as_up_and_an_unroutable_lab_address_as_down()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Assert.True(await TcpReachability.ProbeAsync(IPAddress.Loopback, port, TimeSpan.FromSeconds(1), CancellationToken.None));
        listener.Stop();
        Assert.True(await TcpReachability.ProbeAsync(IPAddress.Loopback, port, TimeSpan.FromSeconds(1), CancellationToken.None));
        // The lab's server addresses live only inside their namespaces: from here they are unreachable.
        Assert.False(await TcpReachability.ProbeAsync(IPAddress.Parse($"{NetLabFixture.LabNet}.100.1"), 22, TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_silent_agent_is_logged_without_its_community_and_marked_unreachable()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var silentPort = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        var options = new NetworkOptions
        {
            PollInterval = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromMilliseconds(200),
            Retries = 0,
            Switches = [new NetworkSwitchOptions { Name = "mute", Address = "127.0.0.1", Port = silentPort, Community = "never-log-this-community" }],
        };
        var store = TestStores.Create(TimeProvider.System);
        using var collector = new NetworkCollector(store, Options.Create(options), _loggerFactory.CreateLogger<NetworkCollector>());
        await Assert.ThrowsAsync<SnmpException>(() => collector.CycleAsync(_client, CancellationToken.None));
        var mute = Assert.Single(store.Network.Snapshot.Devices);
        Assert.False(mute.Reachable);
        Assert.Contains(store.Network.Snapshot.Alarms, a => a.Label == "mute unreachable!");
        Assert.Contains(_logs.Entries, e => e.Message.Contains("mute", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("never-log-this", StringComparison.Ordinal));
    }

    private static PortStatus? Port(NetworkSnapshot s, string device, string port) =>
        s.Devices.FirstOrDefault(d => d.Name == device)?.Ports.FirstOrDefault(p => p.Name == port);
}
