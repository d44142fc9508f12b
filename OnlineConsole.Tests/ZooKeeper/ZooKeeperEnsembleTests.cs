using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.ZooKeeper;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.ZooKeeper;

/// <summary>The collector against a real three-server ensemble: all up, one member killed (quorum kept), two killed (lost).</summary>
[Trait("Category", "Integration")]
public sealed class ZooKeeperEnsembleTests(ZooKeeperEnsembleFixture zk) : IClassFixture<ZooKeeperEnsembleFixture>
{
    private static ZooKeeperCollector Collector(LiveStore store, IEnumerable<string> servers) =>
        new(store, Options.Create(new ZooKeeperOptions { Timeout = TimeSpan.FromSeconds(1), Ensembles = [new() { Name = "daq", Servers = [.. servers] }] }),
            NullLogger<ZooKeeperCollector>.Instance);

    private static ServiceHealth Row(LiveStore store, string name) => store.Services.Snapshot().Single(s => s.Name == name);

    private static string Mode(ServiceHealth s) => s.Facts.First(f => f.Key == "Zk.Fact.Mode").Value;

    private static Task PollUntilAsync(ZooKeeperCollector c, LiveStore store, Func<ServiceHealth, bool> ensemble, string what) =>
        PollUntilAsync(c, store, ZooKeeperCollector.EnsembleName("daq"), ensemble, what);

    // A server that just lost its peers closes connections while it looks for a leader: wait for where it settles.
    private static async Task PollUntilAsync(ZooKeeperCollector c, LiveStore store, string row, Func<ServiceHealth, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await c.PollOnceAsync(CancellationToken.None);
            if (condition(Row(store, row))) return;
            await Task.Delay(300);
        }
        Assert.Fail($"{what}: " + string.Join("; ", store.Services.Snapshot().Select(s => $"{s.Name} {s.State} {s.Detail}")));
    }

    [Fact]
    public async Task A_leader_and_two_followers_then_quorum_kept_with_one_member_killed_and_lost_with_two()
    {
        var store = TestStores.Create(TimeProvider.System);
        var collector = Collector(store, zk.Servers);
        try
        {
            Assert.Equal(3, await collector.PollOnceAsync(CancellationToken.None));
            var ensemble = Row(store, ZooKeeperCollector.EnsembleName("daq"));
            Assert.Equal(ServiceState.Up, ensemble.State);
            var members = zk.Servers.Select(s => Row(store, ZooKeeperCollector.ServerName("daq", s))).ToList();
            Assert.Equal(["follower", "follower", "leader"], members.Select(Mode).Order());
            Assert.All(members, m => Assert.Equal(ZooKeeperCollector.EnsembleName("daq"), m.Parent));
            var leader = members.FindIndex(m => Mode(m) == "leader");
            Assert.Equal($"quorum 3 of 3, leader {zk.Servers[leader]}", ensemble.Detail);
            Assert.Contains(members[leader].Facts, f => f.Key == "Zk.Fact.Synced" && f.Value == "2");

            // A follower dies: two of three still serve.
            var follower = members.FindIndex(m => Mode(m) == "follower");
            zk.Kill(follower);
            await PollUntilAsync(collector, store, e => e.State == ServiceState.Degraded, "one member killed");
            Assert.StartsWith("quorum 2 of 3", Row(store, ZooKeeperCollector.EnsembleName("daq")).Detail, StringComparison.Ordinal);
            var dead = Row(store, ZooKeeperCollector.ServerName("daq", zk.Servers[follower]));
            Assert.True(dead is { State: ServiceState.Down, Detail: { } d } && d.StartsWith("unreachable", StringComparison.Ordinal), $"{dead.State} {dead.Detail}");

            // The leader dies too: the last one runs but serves nothing.
            zk.Kill(leader);
            // Quorum is lost at once; the survivor takes up to its session tick to stop serving (1 of 3, then 0 of 3).
            await PollUntilAsync(collector, store, e => e.State == ServiceState.Down && e.Detail == "no quorum: 0 of 3 serving", "two members killed");
            Assert.Equal("no quorum: 0 of 3 serving", Row(store, ZooKeeperCollector.EnsembleName("daq")).Detail);
            var last = Enumerable.Range(0, 3).Single(i => i != leader && i != follower);
            await PollUntilAsync(collector, store, ZooKeeperCollector.ServerName("daq", zk.Servers[last]),
                s => s is { State: ServiceState.Down, Detail: "running, not serving requests (no quorum)" }, "the last member says it does not serve");
            Assert.Equal(ServiceState.Down, Row(store, ZooKeeperCollector.EnsembleName("daq")).State);
        }
        finally
        {
            for (var i = 0; i < ZooKeeperEnsembleFixture.Size; i++) if (!zk.IsRunning(i)) zk.Start(i);
            await zk.WaitServingAsync(TimeSpan.FromSeconds(60));
        }
        await PollUntilAsync(collector, store, e => e.State == ServiceState.Up, "restarted");
    }

    [Fact]
    public async Task Garbage_and_a_silent_port_are_told_apart_and_a_slow_server_does_not_delay_the_real_ones()
    {
        using var garbage = new TcpListener(IPAddress.Loopback, 0);
        garbage.Start();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var silent2 = new TcpListener(IPAddress.Loopback, 0);
        silent2.Start();
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var c = await garbage.AcceptTcpClientAsync(stop.Token);
                var buf = new byte[4];
                _ = await c.GetStream().ReadAsync(buf, stop.Token);
                await c.GetStream().WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\n\r\n"), stop.Token);
            }
        });
        var store = TestStores.Create(TimeProvider.System);
        var g = $"127.0.0.1:{((IPEndPoint)garbage.LocalEndpoint).Port}";
        var s = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var s2 = $"127.0.0.1:{((IPEndPoint)silent2.LocalEndpoint).Port}";
        var collector = new ZooKeeperCollector(store, Options.Create(new ZooKeeperOptions
        {
            Timeout = TimeSpan.FromSeconds(1),
            Ensembles = [new() { Name = "bad", Servers = [g, s] }, new() { Name = "daq", Servers = [.. zk.Servers] }, new() { Name = "mute", Servers = [s2] }],
        }), NullLogger<ZooKeeperCollector>.Instance);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(3, await collector.PollOnceAsync(CancellationToken.None));
        // Everything at once: two silent servers cost one timeout (1 s), not two one after the other.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.9), $"poll took {watch.Elapsed}");
        Assert.Equal(ServiceState.Down, Row(store, ZooKeeperCollector.EnsembleName("mute")).State);
        Assert.Equal(ServiceState.Up, Row(store, ZooKeeperCollector.EnsembleName("daq")).State);
        Assert.StartsWith("malformed reply", Row(store, ZooKeeperCollector.ServerName("bad", g)).Detail, StringComparison.Ordinal);
        Assert.Equal("unreachable: timed out", Row(store, ZooKeeperCollector.ServerName("bad", s)).Detail);
        Assert.Equal(1, collector.Health.Snapshot().Malformed);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => serving);
    }
}
