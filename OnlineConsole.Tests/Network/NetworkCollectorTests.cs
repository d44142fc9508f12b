using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Network;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;
using OnlineConsole.Tests.Snmp;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Network;

/// <summary>The collector against scripted agents on 127.0.0.1.</summary>
[Trait("Category", "Unit")]
public sealed class NetworkCollectorTests : IAsyncDisposable
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly LoggerFactory _loggerFactory;
    private readonly SnmpClient _client = new(new SnmpClientOptions { Timeout = TimeSpan.FromMilliseconds(300), Retries = 1 });

    public NetworkCollectorTests() => _loggerFactory = new LoggerFactory([_logs]);

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        _loggerFactory.Dispose();
    }

    private static NetworkSwitchOptions Switch(string name, FakeAgent agent) =>
        new() { Name = name, Address = "127.0.0.1", Port = agent.EndPoint.Port, Community = "public" };

    private NetworkCollector Collector(Core.Live.LiveStore store, NetworkOptions options) =>
        new(store, Options.Create(options), _loggerFactory.CreateLogger<NetworkCollector>());

    [Fact]
    public async Task Two_switches_at_one_address_with_different_ports_are_both_polled()
    {
        using var a = new FakeAgent();
        using var b = new FakeAgent();
        a.Serve(SwitchMib.Ports(2));
        b.Serve(SwitchMib.Ports(3));
        var store = TestStores.Create(TimeProvider.System);
        using var collector = Collector(store, new NetworkOptions { Switches = [Switch("swa", a), Switch("swb", b)] });
        Assert.Empty(new NetworkOptions { Switches = [Switch("swa", a), Switch("swb", b)] }.Validate());
        // One agent listed twice is a mistake validation names.
        Assert.Contains(new NetworkOptions { Switches = [Switch("swa", a), Switch("swc", a)] }.Validate(),
            e => e.StartsWith("Network:Switches: 'swa', 'swc' are the same agent (127.0.0.1:", StringComparison.Ordinal));

        await collector.CycleAsync(_client, CancellationToken.None);

        var devices = store.Network.Snapshot.Devices.ToDictionary(d => d.Name);
        Assert.True(devices["swa"].Reachable);
        Assert.True(devices["swb"].Reachable);
        Assert.Equal(2, devices["swa"].Ports.Count);
        Assert.Equal(3, devices["swb"].Ports.Count);
        Assert.NotEmpty(a.Served);
        Assert.NotEmpty(b.Served);
    }

    [Fact]
    public async Task Damaged_replies_are_counted_per_device_and_logged_as_malformed_not_as_no_response()
    {
        using var good = new FakeAgent();
        using var noisy = new FakeAgent();
        using var broken = new FakeAgent();
        foreach (var agent in new[] { good, noisy, broken }) agent.Serve(SwitchMib.Ports(2));
        // Before each real reply: a truncated copy, one with a wrong length, garbage and one with a wrong request id;
        // after it, a duplicate.
        noisy.Mangle = (_, reply) => [reply[..^4], WrongLength(reply), [0xde, 0xad, 0xbe, 0xef], WrongId(reply), reply, reply];
        // Nothing but damage: the agent answers, but never usably.
        broken.Mangle = (_, reply) => [reply[..^4], WrongId(reply)];
        var store = TestStores.Create(TimeProvider.System);
        using var collector = Collector(store, new NetworkOptions { Switches = [Switch("good", good), Switch("noisy", noisy), Switch("broken", broken)] });

        await collector.CycleAsync(_client, CancellationToken.None);

        var devices = store.Network.Snapshot.Devices.ToDictionary(d => d.Name);
        Assert.True(devices["good"].Reachable);
        Assert.True(devices["noisy"].Reachable);
        Assert.Equal(2, devices["noisy"].Ports.Count);
        Assert.False(devices["broken"].Reachable);
        var health = collector.Health.Snapshot();
        Assert.False(health.MalformedBy.ContainsKey("good"));
        // The last duplicate may still be on its way when the cycle ends; the four ahead of each reply are counted.
        Assert.InRange(health.MalformedBy["noisy"], 4 * noisy.Served.Count, 5 * noisy.Served.Count);
        Assert.True(health.MalformedBy["broken"] >= broken.Served.Count, $"broken: {health.MalformedBy["broken"]} of {broken.Served.Count}");
        Assert.Equal(health.MalformedBy.Values.Sum(), health.Malformed);
        var warnings = _logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        var brokenLog = warnings.Where(e => e.Message.Contains("broken", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Contains(brokenLog, m => m.Contains("malformed reply", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(brokenLog, m => m.Contains("no response", StringComparison.OrdinalIgnoreCase) || m.Contains("did not answer", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, e => e.Message.Contains("good", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_healthy_switch_keeps_its_interval_while_another_always_times_out()
    {
        using var healthy = new FakeAgent();
        healthy.Serve(SwitchMib.Ports(4));
        // Bound but never read: every request to it times out (0.8 s, twice: 1.6 s a poll, longer than the interval).
        using var silent = new FakeAgent();
        var store = TestStores.Create(TimeProvider.System);
        using var collector = Collector(store, new NetworkOptions
        {
            PollInterval = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromMilliseconds(800),
            Retries = 1,
            Switches = [Switch("healthy", healthy), Switch("silent", silent)],
        });
        // Each poll of a switch starts with one GET (sysUpTime); discovery only walks.
        List<DateTimeOffset> Polls() => [.. healthy.Served.Where(r => r.Request.Type == PduType.GetRequest).Select(r => r.At)];

        await collector.StartAsync(CancellationToken.None);
        try
        {
            await Poll.UntilAsync(() => Polls().Count >= 12, TimeSpan.FromSeconds(30), "twelve polls of the healthy switch");
            await Poll.UntilAsync(() => store.Network.Snapshot.Devices.Any(d => d is { Name: "silent", Reachable: false }), TimeSpan.FromSeconds(5), "the silent switch shown unreachable");
        }
        finally
        {
            await collector.StopAsync(CancellationToken.None);
        }
        var polls = Polls();
        // The first three intervals include start-up (discovery of both switches, the first timeouts, and the
        // schedule catching up after them: 0.3 s was seen as the third in CI).
        var intervals = polls.Zip(polls.Skip(1), (a, b) => (b - a).TotalSeconds).Skip(3).ToList();
        var spread = string.Join(", ", intervals.Select(i => i.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)));
        // One cycle for all would make every interval 1.6 s or more (measured before the per-device schedules).
        // A loaded test machine may delay a poll by over a second (1.34 s then 0.76 s, and 2.41 s then 1.56 s were
        // seen in CI), so no single interval and not the mean is judged: the median is, which a shared cycle could
        // never bring under 1.15 s, and most intervals must be on time.
        var median = intervals.Order().ElementAt(intervals.Count / 2);
        Assert.True(median is > 0.9 and < 1.15, $"intervals of the healthy switch: {spread} s");
        Assert.True(intervals.Count(i => i is > 0.9 and < 1.15) * 2 > intervals.Count, $"intervals of the healthy switch: {spread} s");
        Assert.True(store.Network.Snapshot.Devices.Single(d => d.Name == "healthy").Reachable);
    }

    [Fact]
    public async Task Software_interfaces_are_left_out_of_the_ports_by_default_and_shown_when_configured()
    {
        using var agent = new FakeAgent();
        agent.Serve(SwitchMib.Build(
            ("lo", 24, 1), ("swp1", SwitchMib.Ethernet, 1), ("swp2", SwitchMib.Ethernet, 2), ("br0", SwitchMib.Ethernet, 1),
            ("mgmt0", SwitchMib.Ethernet, 1), ("vlan10", 135, 1), ("bridge", 209, 1)));
        async Task<List<string>> PortsWith(NetworkOptions options)
        {
            var store = TestStores.Create(TimeProvider.System);
            using var collector = Collector(store, options);
            await collector.CycleAsync(_client, CancellationToken.None);
            return [.. store.Network.Snapshot.Devices.Single().Ports.Select(p => p.Name)];
        }

        Assert.Equal(["swp1", "swp2"], await PortsWith(new NetworkOptions { Switches = [Switch("sw", agent)] }));
        var all = new NetworkOptions { Switches = [Switch("sw", agent)], HiddenPortTypes = "", HiddenPorts = "" };
        Assert.Empty(all.Validate());
        Assert.Equal(["lo", "swp1", "swp2", "br0", "mgmt0", "vlan10", "bridge"], await PortsWith(all));
        Assert.Equal(["lo", "swp1", "swp2", "mgmt0", "vlan10"], await PortsWith(new NetworkOptions { Switches = [Switch("sw", agent)], HiddenPortTypes = "209", HiddenPorts = "br*" }));

        var bad = new NetworkOptions { Switches = [Switch("sw", agent)], HiddenPortTypes = "24,x", HiddenPorts = "lo,a b" }.Validate().ToList();
        Assert.Contains(bad, e => e.StartsWith("Network:HiddenPortTypes", StringComparison.Ordinal));
        Assert.Contains(bad, e => e.StartsWith("Network:HiddenPorts", StringComparison.Ordinal));
    }

    /// <summary>The reply with its community's length pointing past the end of the message.</summary>
    private static byte[] WrongLength(byte[] reply)
    {
        var copy = reply.ToArray();
        var at = copy.AsSpan().IndexOf("public"u8);
        copy[at - 1] = 0x7f;
        return copy;
    }

    private static byte[] WrongId(byte[] reply)
    {
        var message = (CommunityMessage)SnmpCodec.Decode(reply);
        return SnmpCodec.EncodeCommunity(message.Community, message.Pdu with { RequestId = message.Pdu.RequestId ^ 0x5a5a });
    }
}
