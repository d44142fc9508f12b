using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Network;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;
using OnlineConsole.Tests.Snmp;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Network;

/// <summary>ARP reachability against a host in a namespace this class creates (<see cref="ArpLab"/>): real requests on a veth.</summary>
[Trait("Category", "Integration")]
public sealed class ArpLabTests : IClassFixture<ArpLab>, IAsyncLifetime
{
    private static readonly IPAddress Host = IPAddress.Parse(ArpLab.Host);
    private readonly CapturingLoggerProvider _logs = new();
    private readonly FakeAgent _switch = new();
    private LoggerFactory _loggerFactory = null!;
    private SnmpClient _client = null!;
    private LiveStore _store = null!;
    private NetworkCollector _collector = null!;

    public Task InitializeAsync()
    {
        _loggerFactory = new LoggerFactory([_logs]);
        // The in-process switch is only there for the cycle to have one; a generous timeout keeps CI load from
        // failing the cycle on it ("No switch answered") while the ARP host is what the tests judge.
        _client = new SnmpClient(new SnmpClientOptions { Timeout = TimeSpan.FromSeconds(2), Retries = 1 });
        _switch.Serve(SwitchMib.Ports(1));
        _store = TestStores.Create(TimeProvider.System);
        var options = LabOptions();
        Assert.Empty(options.Validate());
        _collector = new NetworkCollector(_store, Options.Create(options), _loggerFactory.CreateLogger<NetworkCollector>());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _collector.Dispose();
        _switch.Dispose();
        await _client.DisposeAsync();
        _loggerFactory.Dispose();
    }

    // A 3 s window, so that an outage fills it with losses within the test.
    private NetworkOptions LabOptions() => new()
    {
        PollInterval = TimeSpan.FromSeconds(1),
        Timeout = TimeSpan.FromMilliseconds(500),
        ReachabilityWindow = TimeSpan.FromSeconds(3),
        Switches = [new NetworkSwitchOptions { Name = "sw", Address = "127.0.0.1", Port = _switch.EndPoint.Port, Community = "public" }],
        Servers = [new NetworkServerOptions { Name = "arphost", Address = ArpLab.Host, Reachability = ReachabilityMethod.Arp }],
    };

    private NetworkDevice Server => _store.Network.Snapshot.Devices.Single(d => d.Name == "arphost");

    private async Task<NetworkDevice> CycleUntilAsync(Func<NetworkDevice, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await _collector.CycleAsync(_client, CancellationToken.None);
            if (done(Server)) return Server;
            if (clock.Elapsed > TimeSpan.FromSeconds(15))
                Assert.Fail($"{what} not seen within 15 s: loss {Server.Reachability?.Loss}, last {Server.Reachability?.LastRttMs}; log: {string.Join(" | ", _logs.Entries.Select(e => e.Message))}");
            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }
    }

    private static ArpInterface Lab() => Assert.IsType<ArpInterface>(ArpInterface.For(Host, ArpInterface.All()));

    [Fact]
    public async Task A_host_answering_arp_is_reachable_with_a_round_trip_and_lost_when_its_interface_is_down_or_its_address_gone()
    {
        var on = Lab();
        Assert.Equal((ArpLab.Interface, ArpLab.Local, 24), (on.Name, on.Address.ToString(), on.PrefixLength));
        var (rtt, malformed) = await ArpReachability.ProbeAsync(on, Host, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.NotNull(rtt);
        Assert.InRange(rtt.Value, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(1));
        Assert.Equal(0, malformed);

        for (var i = 0; i < 3; i++) await _collector.CycleAsync(_client, CancellationToken.None);
        var up = Server.Reachability!;
        Assert.True(Server.Reachable);
        Assert.Equal((ReachabilityMethod.Arp, ArpLab.Interface, 0.0), (up.Method, up.Interface, up.Loss));
        Assert.InRange(up.LastRttMs!.Value, 0.001, 1000);
        Assert.InRange(up.AverageRttMs!.Value, 0.001, 1000);
        Assert.Equal("arp:" + ArpLab.Interface, OnlineConsole.Components.Network.TopologyElements.CheckName(up));

        await ArpLab.ExecAsync("ip", "link", "set", "eth0", "down");
        try
        {
            var down = await CycleUntilAsync(d => d.Reachability!.Loss == 1.0, "100 % loss with the host's interface down");
            Assert.False(down.Reachable);
            Assert.Null(down.Reachability!.LastRttMs);
            Assert.Null(down.Reachability.AverageRttMs);
            Assert.Contains(_store.Network.Snapshot.Alarms, a => a.Label == "arphost unreachable!");
        }
        finally
        {
            await ArpLab.ExecAsync("ip", "link", "set", "eth0", "up");
        }
        await CycleUntilAsync(d => d.Reachable && d.Reachability!.LastRttMs is not null, "the host answering again");

        await ArpLab.ExecAsync("ip", "addr", "del", ArpLab.Host + "/24", "dev", "eth0");
        try
        {
            var gone = await CycleUntilAsync(d => d.Reachability!.Loss == 1.0, "100 % loss with the host's address removed");
            Assert.False(gone.Reachable);
            Assert.Equal(ReachabilityMethod.Arp, gone.Reachability!.Method);
        }
        finally
        {
            await ArpLab.ExecAsync("ip", "addr", "add", ArpLab.Host + "/24", "dev", "eth0");
        }
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("not possible", StringComparison.Ordinal));
        Assert.False(_collector.Health.Snapshot().MalformedBy.ContainsKey("arphost"));
    }

    [Fact]
    public async Task Replies_from_another_address_and_truncated_ones_are_ignored_and_counted_as_malformed()
    {
        var on = Lab();
        // The namespace's kernel answers no ARP (arp_ignore 8); a responder answers each request for the host with a
        // reply from 10.87.0.99 (asked by nobody) and one cut to 30 bytes, then, when told, with the right reply.
        await ArpLab.ExecAsync("sysctl", "-q", "net.ipv4.conf.all.arp_ignore=8");
        try
        {
            using (var bad = await StartResponderAsync(good: false))
            {
                try
                {
                    var (rtt, malformed) = await ArpReachability.ProbeAsync(on, Host, TimeSpan.FromMilliseconds(500), CancellationToken.None);
                    Assert.Null(rtt);
                    Assert.Equal(2, malformed);

                    await CycleUntilAsync(d => d.Reachability!.Probes >= 2, "two probes");
                    Assert.False(Server.Reachable);
                    var health = _collector.Health.Snapshot();
                    Assert.Equal(2 * Server.Reachability!.Probes, health.MalformedBy["arphost"]);
                    Assert.Contains(_logs.Entries, e => e.Message.Contains("malformed ARP replies from arphost", StringComparison.Ordinal));
                }
                finally
                {
                    bad.Kill();
                }
            }
            using var good = await StartResponderAsync(good: true);
            try
            {
                // The bad replies come first and are passed over; the right one after them answers.
                var (rtt, malformed) = await ArpReachability.ProbeAsync(on, Host, TimeSpan.FromMilliseconds(500), CancellationToken.None);
                Assert.NotNull(rtt);
                Assert.Equal(2, malformed);
            }
            finally
            {
                good.Kill();
            }
        }
        finally
        {
            await ArpLab.ExecAsync("sysctl", "-q", "net.ipv4.conf.all.arp_ignore=0");
        }
    }

    private static async Task<Process> StartResponderAsync(bool good)
    {
        var p = ArpLab.Start("python3", "-c", Responder, ArpLab.Host, good ? "good" : "bad");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var ready = await p.StandardOutput.ReadLineAsync(deadline.Token);
        if (ready != "ready")
        {
            p.Kill();
            Assert.Fail($"ARP responder did not start: {ready} {await p.StandardError.ReadToEndAsync(deadline.Token)}");
        }
        return p;
    }

    // Answers who-has for argv[1] on eth0 with a reply from another address and a truncated one (and the right one after them with "good").
    private const string Responder = """
        import socket, sys
        ip = socket.inet_aton(sys.argv[1])
        mac = bytes.fromhex(open('/sys/class/net/eth0/address').read().strip().replace(':', ''))
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
        s.bind(('eth0', 0x0806))
        print('ready', flush=True)
        while True:
            f, addr = s.recvfrom(2048)
            if addr[2] == socket.PACKET_OUTGOING or len(f) < 42 or f[20:22] != b'\x00\x01' or f[38:42] != ip:
                continue
            sha, spa = f[22:28], f[28:32]
            def reply(sender):
                return sha + mac + b'\x08\x06\x00\x01\x08\x00\x06\x04\x00\x02' + mac + sender + sha + spa
            s.send(reply(socket.inet_aton('10.87.0.99')))
            s.send(reply(ip)[:30])
            if sys.argv[2] == 'good':
                s.send(reply(ip))
        """;
}
