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
}
