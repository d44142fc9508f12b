using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.RedisHealth;
using OnlineConsole.Core.Services;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.RedisHealth;

/// <summary>
/// Redis health from INFO against real redis-servers: a master with a streaming replica, the replica losing its
/// master, memory at maxmemory with evictions, a wrong password, a closed port and a port that never answers.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RedisHealthCollectorTests
{
    private static RedisHealthCollector Collector(Core.Live.LiveStore store, params RedisHealthInstanceOptions[] instances) =>
        new(store, Options.Create(new RedisHealthOptions { Timeout = TimeSpan.FromSeconds(1), Instances = [.. instances] }), NullLogger<RedisHealthCollector>.Instance);

    private static ServiceHealth Row(Core.Live.LiveStore store, string name) =>
        store.Services.Snapshot().Single(s => s.Name == RedisHealthCollector.ServiceName(name));

    private static string Fact(ServiceHealth row, string key) => row.Facts.Single(f => f.Key == key).Value;

    private static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_master_and_its_replica_are_up_and_the_replica_is_degraded_once_its_master_is_gone()
    {
        await using var master = await RedisServer.StartAsync();
        await using var replica = await RedisServer.StartAsync(["--replicaof", "127.0.0.1", master.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var store = TestStores.Create(TimeProvider.System);
        using var collector = Collector(store, new() { Name = "main", Endpoint = master.Endpoint }, new() { Name = "copy", Endpoint = replica.Endpoint });
        await UntilAsync(async () => (await replica.CliAsync("INFO", "replication")).Any(l => l.Trim() == "master_link_status:up"), "the replica never synced");
        // The master marks its replica online only at the replica's first ACK, a moment after the replica's link is up;
        // until then the collector rightly reports the master degraded ("replica ... is wait_bgsave").
        await UntilAsync(async () => (await master.CliAsync("INFO", "replication")).Any(l => l.Contains(",state=online,", StringComparison.Ordinal)), "the master never saw its replica online");

        Assert.Equal(2, await collector.PollOnceAsync(CancellationToken.None));
        var main = Row(store, "main");
        Assert.Equal(ServiceState.Up, main.State);
        Assert.StartsWith("master, 1 replica(s), ", main.Detail, StringComparison.Ordinal);
        Assert.Equal("master", Fact(main, "Redis.Fact.Role"));
        Assert.Contains($"127.0.0.1:{replica.Port} online", Fact(main, "Redis.Fact.Replicas"), StringComparison.Ordinal);
        Assert.Matches(@"^\d", Fact(main, "Redis.Fact.Version"));
        var copy = Row(store, "copy");
        Assert.Equal((ServiceState.Up, "replica"), (copy.State, Fact(copy, "Redis.Fact.Role")));
        Assert.Equal($"127.0.0.1:{master.Port} (up)", Fact(copy, "Redis.Fact.Master"));

        await master.KillAsync();
        await UntilAsync(async () =>
        {
            await collector.PollOnceAsync(CancellationToken.None);
            return Row(store, "copy").State == ServiceState.Degraded;
        }, "the replica never showed its lost master");
        Assert.Equal($"link to master 127.0.0.1:{master.Port} is down", Row(store, "copy").Detail);
        Assert.Equal(ServiceState.Down, Row(store, "main").State);
        Assert.StartsWith("unreachable: ", Row(store, "main").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memory_near_maxmemory_and_evictions_make_a_server_degraded()
    {
        await using var server = await RedisServer.StartAsync(["--maxmemory", "3mb", "--maxmemory-policy", "allkeys-lru"]);
        var store = TestStores.Create(TimeProvider.System);
        using var collector = Collector(store, new RedisHealthInstanceOptions { Name = "cache", Endpoint = server.Endpoint });
        Assert.Equal(1, await collector.PollOnceAsync(CancellationToken.None));
        Assert.Equal(ServiceState.Up, Row(store, "cache").State);
        Assert.Matches(@"^[\d.]+ [KMG]?B of 3\.0 MB \(\d+ %\)$", Fact(Row(store, "cache"), "Redis.Fact.Memory"));

        // 6 MB of values into a 3 MB server: it evicts.
        await server.CliAsync("EVAL", "for i=1,600 do redis.call('SET','k'..i,string.rep('x',10000)) end return 1", "0");
        await collector.PollOnceAsync(CancellationToken.None);
        var row = Row(store, "cache");
        Assert.Equal(ServiceState.Degraded, row.State);
        Assert.Matches(@"memory at \d+ % of maxmemory; \d+ keys evicted since the last read", row.Detail!);
        Assert.NotEqual("0", Fact(row, "Redis.Fact.Evicted"));
    }

    [Fact]
    public async Task A_wrong_password_a_closed_port_and_a_silent_port_are_down_each_with_its_reason_and_no_password_shown()
    {
        await using var guarded = await RedisServer.StartAsync(password: "right-secret-1");
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var store = TestStores.Create(TimeProvider.System);
        using var collector = Collector(store,
            new() { Name = "good", Endpoint = guarded.Endpoint, Password = "right-secret-1" },
            new() { Name = "wrong", Endpoint = guarded.Endpoint, Password = "wrong-secret-2" },
            new() { Name = "closed", Endpoint = $"127.0.0.1:{AppProcess.FreeTcpPort()}" },
            new() { Name = "silent", Endpoint = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}" });

        await collector.PollOnceAsync(CancellationToken.None);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(1, await collector.PollOnceAsync(CancellationToken.None));
        // All at once: two dead servers cost one timeout, not two.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.8), $"poll took {watch.Elapsed}");
        Assert.Equal(ServiceState.Up, Row(store, "good").State);
        foreach (var name in new[] { "wrong", "closed", "silent" }) Assert.Equal(ServiceState.Down, Row(store, name).State);
        Assert.StartsWith("refused: ", Row(store, "wrong").Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(store.Services.Snapshot(), s => (s.Detail ?? "").Contains("secret", StringComparison.Ordinal)
            || s.Facts.Any(f => f.Value.Contains("secret", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_reply_that_is_not_info_is_refused_with_the_line()
    {
        var e = Assert.Throws<FormatException>(() => RedisInfo.Parse("# Server\r\nthis is not a field\r\n"));
        Assert.Contains("this is not a field", e.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => RedisInfo.Parse("# Server\r\nfoo:bar\r\n"));
        var info = RedisInfo.Parse("# Server\r\nredis_version:7.0.15\r\n# Replication\r\nrole:master\r\nconnected_slaves:1\r\nslave0:ip=10.0.0.2,port=6380,state=online,offset=42,lag=0\r\n");
        Assert.Equal("10.0.0.2", Assert.Single(info.Replicas)["ip"]);
    }
}
