using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Core.Services;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>The one freshness rule: age against the expected interval, and stale at once when the source is down.</summary>
[Trait("Category", "Unit")]
public sealed class FreshnessRuleTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void A_value_whose_collector_is_down_is_stale_at_once_and_a_value_never_received_stays_missing()
    {
        var policy = new FreshnessPolicy(TimeSpan.FromSeconds(1), 3);
        var now = _time.GetUtcNow();
        var stamp = new SourceStamp("redis", now);
        Assert.Equal(Freshness.Fresh, policy.Classify(stamp, sourceDown: false, now));
        Assert.Equal(Freshness.Stale, policy.Classify(stamp, sourceDown: true, now));
        Assert.Equal(Freshness.Missing, policy.Classify(null, sourceDown: true, now));
        Assert.Equal(Freshness.Stale, policy.Classify(stamp, sourceDown: false, now + TimeSpan.FromSeconds(3.5)));
    }

    [Fact]
    public void Every_area_written_by_a_failing_collector_turns_stale_with_no_time_passing_and_back_on_success()
    {
        var store = TestStores.Create(_time);
        var redis = store.Collectors.Register("redis", "redis", TimeSpan.FromSeconds(1));
        var sim = store.Collectors.Register("sim", "sim", TimeSpan.FromSeconds(1));
        Write(store, runSource: "redis", channelSource: "redis", serviceSource: "sim");
        redis.Succeeded(_time.GetUtcNow());
        sim.Succeeded(_time.GetUtcNow());
        var now = _time.GetUtcNow();
        Assert.Equal(Freshness.Fresh, store.RunFreshness(now));
        Assert.Equal(Freshness.Fresh, store.ChannelFreshness(now));

        redis.Failed(now, "connection refused");
        Assert.Equal(Freshness.Stale, store.RunFreshness(now));
        Assert.Equal(Freshness.Stale, store.ChannelFreshness(now));
        Assert.Equal(Freshness.Stale, store.CollectorFreshness(store.Collectors.Snapshot().Single(c => c.Name == "redis"), now));
        Assert.Equal(["redis"], store.DownCollectorsFeeding(StoreArea.Run | StoreArea.Channels));
        // Another source's values are not touched.
        Assert.Equal(Freshness.Fresh, store.ServiceFreshness(store.Services.Snapshot().Single(), now));
        Assert.Equal(Freshness.Fresh, store.CollectorFreshness(store.Collectors.Snapshot().Single(c => c.Name == "sim"), now));
        Assert.Empty(store.DownCollectorsFeeding(StoreArea.Services));

        redis.Succeeded(now);
        Assert.Equal(Freshness.Fresh, store.RunFreshness(now));
        Assert.Equal(Freshness.Fresh, store.ChannelFreshness(now));
        Assert.Empty(store.DownCollectorsFeeding(StoreArea.All));
    }

    [Fact]
    public void A_page_showing_only_channels_is_told_at_once_when_their_collector_fails_and_recovers()
    {
        var store = TestStores.Create(_time);
        var redis = store.Collectors.Register("redis", "redis", TimeSpan.FromSeconds(1));
        Write(store, runSource: "sim", channelSource: "redis", serviceSource: "sim");
        redis.Succeeded(_time.GetUtcNow());
        using var channels = store.Changes.Subscribe(StoreArea.Channels);
        using var run = store.Changes.Subscribe(StoreArea.Run);

        redis.Failed(_time.GetUtcNow(), "connection refused");
        _time.Advance(TimeSpan.Zero);
        Assert.True(channels.Reader.TryRead(out var batch));
        Assert.Equal(StoreArea.Channels, batch.Areas);
        // The run came from elsewhere: its pages hear nothing.
        Assert.False(run.Reader.TryRead(out _));

        // Further failures while retrying change no freshness: no further batches.
        _time.Advance(TimeSpan.FromSeconds(1));
        redis.Failed(_time.GetUtcNow(), "connection refused");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(channels.Reader.TryRead(out _));

        redis.Succeeded(_time.GetUtcNow());
        _time.Advance(TimeSpan.Zero);
        Assert.True(channels.Reader.TryRead(out _));
    }

    [Fact]
    public void The_freshness_monitor_sees_a_collector_retrying_as_a_collector_change()
    {
        var store = TestStores.Create(_time);
        var monitor = new FreshnessMonitor(store);
        var redis = store.Collectors.Register("redis", "redis", TimeSpan.FromSeconds(1));
        redis.Succeeded(_time.GetUtcNow());
        monitor.Evaluate();
        redis.Failed(_time.GetUtcNow(), "down");
        Assert.Equal(StoreArea.Collectors, monitor.Evaluate() & StoreArea.Collectors);
    }

    private void Write(LiveStore store, string runSource, string channelSource, string serviceSource)
    {
        var now = _time.GetUtcNow();
        store.Run.Report(new RunStatus(7, RunState.Running, "physics", now, null, null), new SourceStamp(runSource, now));
        var rates = store.Channels.Geometry.Channels.Select(c => (float)store.Channels.Limits.For(c.Type).Baseline).ToArray();
        store.Channels.Write(0, rates, new SourceStamp(channelSource, now));
        store.Services.Report(new ServiceHealth("dispatcher", "pod", ServiceState.Up, null, new SourceStamp(serviceSource, now)));
        _time.Advance(TimeSpan.FromSeconds(1));
        // Drain what the writes published, so the tests see only what follows.
        _time.Advance(TimeSpan.FromSeconds(1));
    }
}
