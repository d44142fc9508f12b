using System.Globalization;
using OnlineConsole.Collectors.Redis;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Redis;

/// <summary>
/// Pub/sub through <see cref="RedisLink"/> against a real redis-server: a channel's messages reach its handler one
/// at a time and in the order they were published (the 2.x client would otherwise run handlers concurrently), so
/// the simulated run controller applies commands in the order they were sent.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RedisLinkOrderTests
{
    private const int Messages = 300;

    [Fact]
    public async Task A_channel_s_messages_reach_a_handler_one_at_a_time_in_publishing_order()
    {
        await using var redis = await RedisServer.StartAsync();
        var options = new RedisOptions { Endpoints = [redis.Endpoint] };
        await using var subscriber = await RedisLink.ConnectAsync(options, "test-subscriber");
        await using var publisher = await RedisLink.ConnectAsync(options, "test-publisher");
        var sync = new Recorder();
        var async = new Recorder();
        await subscriber.SubscribeAsync("juno:test:sync", m => sync.Handle(m));
        await subscriber.SubscribeAsync("juno:test:async", async m =>
        {
            async.Enter();
            await Task.Yield();
            async.Record(m);
            async.Leave();
        });

        // All published back to back on one connection: Redis delivers them in this order.
        var sends = new List<Task>();
        for (var i = 0; i < Messages; i++)
        {
            var text = i.ToString(CultureInfo.InvariantCulture);
            sends.Add(publisher.PublishAsync("juno:test:sync", text));
            sends.Add(publisher.PublishAsync("juno:test:async", text));
        }
        await Task.WhenAll(sends);

        await Poll.UntilAsync(() => sync.Count == Messages && async.Count == Messages, TimeSpan.FromSeconds(10), "every message handled");
        Assert.Equal(Enumerable.Range(0, Messages), sync.Seen);
        Assert.Equal(Enumerable.Range(0, Messages), async.Seen);
        Assert.Equal((1, 1), (sync.MostAtOnce, async.MostAtOnce));
    }

    /// <summary>Records what a handler saw, and how many handler calls ran at the same time at most.</summary>
    private sealed class Recorder
    {
        private readonly Lock _gate = new();
        private readonly List<int> _seen = [];
        private int _inside;
        private int _most;

        public int Count
        {
            get { lock (_gate) return _seen.Count; }
        }

        public int[] Seen
        {
            get { lock (_gate) return [.. _seen]; }
        }

        public int MostAtOnce => Volatile.Read(ref _most);

        public void Enter()
        {
            var now = Interlocked.Increment(ref _inside);
            lock (_gate) _most = Math.Max(_most, now);
        }

        public void Leave() => Interlocked.Decrement(ref _inside);

        public void Handle(string message)
        {
            Enter();
            // A little work, so that two calls dispatched at once would overlap.
            Thread.SpinWait(2_000);
            Record(message);
            Leave();
        }

        public void Record(string message)
        {
            lock (_gate) _seen.Add(int.Parse(message, CultureInfo.InvariantCulture));
        }
    }
}
