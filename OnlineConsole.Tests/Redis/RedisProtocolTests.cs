using System.Diagnostics;
using System.Globalization;
using OnlineConsole.Collectors.Redis;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Redis;

/// <summary>
/// Redis:Protocol against a real redis-server: the link speaks the protocol it is set to (the server's own client
/// list says so, and RESP3 needs one connection where RESP2 needs two), and pub/sub and the byte-wise HGETALL work
/// the same over both.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RedisProtocolTests
{
    [Theory]
    [InlineData(RedisWireProtocol.Resp2, "2", 2)]
    // StackExchange.Redis 3.x keeps its subscription connection apart under RESP3 as well.
    [InlineData(RedisWireProtocol.Resp3, "3", 2)]
    public async Task The_link_speaks_the_configured_protocol_and_reads_and_subscribes_over_it(RedisWireProtocol protocol, string resp, int connections)
    {
        await using var redis = await RedisServer.StartAsync();
        var options = new RedisOptions { Endpoints = [redis.Endpoint], Protocol = protocol };
        await using var link = await RedisLink.ConnectAsync(options, "test-protocol");
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await link.SubscribeAsync("juno:test:protocol", m => received.TrySetResult(m));
        await link.HashSetAsync("juno:test:rates", [new("17", "31000.5"), new("18", "29876.0")]);

        Assert.Equal(1, await link.PublishAsync("juno:test:protocol", "HPK"));
        Assert.Equal("HPK", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        var fields = new List<string>();
        var count = await link.HashGetAllAsync("juno:test:rates", (f, v) => fields.Add(System.Text.Encoding.UTF8.GetString(f) + "=" + System.Text.Encoding.UTF8.GetString(v)));
        Assert.Equal(2, count);
        Assert.Equal(["17=31000.5", "18=29876.0"], fields.Order(StringComparer.Ordinal));

        var ours = (await ClientListAsync(redis.Port)).Where(c => c.GetValueOrDefault("name") == "test-protocol").ToList();
        Assert.Equal(connections, ours.Count);
        Assert.All(ours, c => Assert.Equal(resp, c.GetValueOrDefault("resp")));
    }

    [Fact]
    public void A_protocol_outside_the_list_is_a_start_up_error_naming_the_setting()
    {
        var errors = new RedisOptions { Endpoints = ["127.0.0.1:6379"], Protocol = (RedisWireProtocol)7 }.Validate().ToList();
        Assert.Equal(["Redis:Protocol must be Resp2 or Resp3 (is 7)."], errors);
        Assert.Equal(RedisWireProtocol.Resp2, new RedisOptions().Protocol);
    }

    /// <summary>CLIENT LIST from redis-cli, one dictionary of its key=value pairs per connection.</summary>
    private static async Task<List<Dictionary<string, string>>> ClientListAsync(int port)
    {
        var start = new ProcessStartInfo("redis-cli", ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "CLIENT", "LIST"]) { RedirectStandardOutput = true };
        using var cli = Process.Start(start)!;
        var text = await cli.StandardOutput.ReadToEndAsync();
        await cli.WaitForExitAsync();
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal))];
    }
}
