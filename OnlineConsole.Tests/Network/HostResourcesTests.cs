using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Network;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;
using OnlineConsole.Tests.Snmp;
using OnlineConsole.Tests.Support;
using Xunit.Abstractions;

namespace OnlineConsole.Tests.Network;

/// <summary>HOST-RESOURCES-MIB of a real net-snmp agent on 127.0.0.1.</summary>
[Trait("Category", "Integration")]
[Collection("snmpd")]
public sealed class HostResourcesTests(SnmpdFixture agent, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly SnmpClient _client = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Assert.Equal(0, _client.MalformedPackets);
        await _client.DisposeAsync();
    }

    [Fact]
    public async Task Uptime_memory_and_after_its_first_minute_cpu_are_sane()
    {
        var m = await HostResourcesMib.PollAsync(_client, agent.V2c, CancellationToken.None);
        Assert.NotNull(m);
        output.WriteLine($"first read: cpu {m.CpuPercent}, memory {m.MemoryUsedPercent}, uptime {m.Uptime}");
        Assert.True(m.Uptime > TimeSpan.Zero, $"uptime {m.Uptime}");
        Assert.InRange(m.MemoryUsedPercent!.Value, 0.1, 100);
        // The kernel's own figure of memory in use, for comparison: net-snmp's RAM row minus buffers and cache.
        var meminfo = File.ReadAllLines("/proc/meminfo").Select(l => l.Split(':')).ToDictionary(p => p[0], p => double.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
        var kernel = 100 * (meminfo["MemTotal"] - meminfo["MemFree"] - meminfo["Buffers"] - meminfo["Cached"]) / meminfo["MemTotal"];
        Assert.InRange(m.MemoryUsedPercent.Value, kernel - 10, kernel + 10);

        // net-snmp reports hrProcessorLoad as a one-minute average, so only once it has run for a minute.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (m!.CpuPercent is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5_000);
            m = await HostResourcesMib.PollAsync(_client, agent.V2c, CancellationToken.None);
        }
        output.WriteLine($"later: cpu {m.CpuPercent}, memory {m.MemoryUsedPercent}, uptime {m.Uptime}");
        Assert.NotNull(m.CpuPercent);
        Assert.InRange(m.CpuPercent.Value, 0, 100);
    }

    [Fact]
    public async Task A_configured_server_with_an_snmp_agent_carries_its_metrics_in_the_snapshot()
    {
        var address = agent.EndPoint.Address.ToString();
        var options = new NetworkOptions
        {
            Switches = [new NetworkSwitchOptions { Name = "sw1", Address = address, Port = agent.EndPoint.Port, Community = SnmpdFixture.Community }],
            Servers =
            [
                new NetworkServerOptions { Name = "host1", Address = address, Snmp = new SnmpAgentOptions { Port = agent.EndPoint.Port, Community = SnmpdFixture.Community } },
                new NetworkServerOptions { Name = "host2", Address = address },
            ],
        };
        Assert.Empty(options.Validate());
        var store = TestStores.Create(TimeProvider.System);
        using var collector = new NetworkCollector(store, Options.Create(options), NullLogger<NetworkCollector>.Instance);
        await collector.CycleAsync(_client, CancellationToken.None);
        // A second poll gives rates, and with them the first trend samples of the switch's ports.
        await Task.Delay(1_100);
        await collector.CycleAsync(_client, CancellationToken.None);
        var sw1 = store.Network.Snapshot.Devices.Single(d => d.Name == "sw1");
        var measured = sw1.Ports.First(p => p.RatesKnown);
        Assert.Equal(1, store.Network.History.Get("sw1", measured.Name)!.Recent.Count);
        var devices = store.Network.Snapshot.Devices.ToDictionary(d => d.Name);
        var metrics = devices["host1"].Metrics;
        Assert.NotNull(metrics);
        Assert.True(metrics.Uptime > TimeSpan.Zero);
        Assert.InRange(metrics.MemoryUsedPercent!.Value, 0.1, 100);
        Assert.Null(devices["host2"].Metrics);
    }

    [Fact]
    public void Bad_snmp_credentials_of_a_server_are_reported_with_their_setting()
    {
        var options = new NetworkOptions
        {
            Switches = [new NetworkSwitchOptions { Name = "sw1", Address = "10.0.0.1", Community = "c" }],
            Servers = [new NetworkServerOptions { Name = "host1", Address = "10.0.0.2", Snmp = new SnmpAgentOptions { Version = "3" } }],
        };
        Assert.Contains("Network:Servers:0:Snmp:User is required for SNMP v3.", options.Validate());
    }
}
