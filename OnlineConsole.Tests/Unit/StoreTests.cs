using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Core.Services;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class StoreTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Freshness_is_missing_then_fresh_then_stale_after_N_intervals()
    {
        var policy = new FreshnessPolicy(TimeSpan.FromSeconds(1), 3);
        var now = _time.GetUtcNow();
        Assert.Equal(Freshness.Missing, policy.Classify(null, sourceDown: false, now));
        var stamp = new SourceStamp("redis", now);
        Assert.Equal(Freshness.Fresh, policy.Classify(stamp, sourceDown: false, now + TimeSpan.FromSeconds(3)));
        Assert.Equal(Freshness.Stale, policy.Classify(stamp, sourceDown: false, now + TimeSpan.FromSeconds(3.001)));
    }

    [Fact]
    public void Run_numbers_only_move_forward_and_heartbeats_publish_nothing()
    {
        var store = TestStores.Create(_time);
        using var sub = store.Changes.Subscribe(StoreArea.Run);
        var run = new RunStatus(42, RunState.Running, "physics", _time.GetUtcNow(), null, null);
        Assert.True(store.Run.Report(run, new SourceStamp("a", _time.GetUtcNow())));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(sub.Reader.TryRead(out _));

        Assert.False(store.Run.Report(run, new SourceStamp("a", _time.GetUtcNow())));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(sub.Reader.TryRead(out _));
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromSeconds(1), store.Run.Snapshot().Stamp!.Value.UpdatedAt);

        Assert.False(store.Run.Report(run with { RunNumber = 41 }, new SourceStamp("b", _time.GetUtcNow())));
        Assert.Equal(42, store.Run.Snapshot().Status!.RunNumber);
    }

    [Fact]
    public void Freshness_monitor_tells_subscribers_when_a_silent_source_goes_stale_and_comes_back()
    {
        var store = TestStores.Create(_time);
        var monitor = new FreshnessMonitor(store);
        store.Run.Report(new RunStatus(1, RunState.Running, "physics", null, null, null), new SourceStamp("sim", _time.GetUtcNow()));
        monitor.Evaluate();
        using var sub = store.Changes.Subscribe(StoreArea.Run);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(StoreArea.None, monitor.Evaluate() & StoreArea.Run);
        _time.Advance(TimeSpan.FromSeconds(2)); // 4 s > 3 x 1 s
        Assert.Equal(StoreArea.Run, monitor.Evaluate() & StoreArea.Run);
        _time.Advance(TimeSpan.Zero);
        Assert.True(sub.Reader.TryRead(out var batch));
        Assert.Equal(StoreArea.Run, batch.Areas);
        Assert.Equal(Freshness.Stale, store.RunFreshness(_time.GetUtcNow()));

        // No repeated publication while it stays stale.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(StoreArea.None, monitor.Evaluate() & StoreArea.Run);

        store.Run.Report(new RunStatus(1, RunState.Running, "physics", null, null, null), new SourceStamp("sim", _time.GetUtcNow()));
        Assert.Equal(StoreArea.Run, monitor.Evaluate() & StoreArea.Run);
        Assert.Equal(Freshness.Fresh, store.RunFreshness(_time.GetUtcNow()));
    }

    [Fact]
    public void Channel_summary_counts_hot_dead_and_stale_per_type()
    {
        var store = TestStores.Create(_time);
        var g = store.Channels.Geometry;
        var limits = store.Channels.Limits;
        var rates = g.Channels.Select(c => (float)limits.For(c.Type).Baseline).ToArray();
        var firstDynode = Array.FindIndex(g.Channels, c => c.Type == PmtType.Dynode);
        var firstSmall = Array.FindIndex(g.Channels, c => c.Type == PmtType.Small);
        rates[firstDynode] = 0;              // dead
        rates[firstSmall] = 50_000;          // hot for a 3-inch PMT
        rates[firstSmall + 1] = float.NaN;   // never received
        store.Channels.Write(0, rates, new SourceStamp("sim", _time.GetUtcNow()));

        var s = store.Channels.Summary;
        Assert.Equal(1, s.For(PmtType.Dynode).Dead);
        Assert.Equal(1, s.For(PmtType.Small).Hot);
        Assert.Equal(1, s.For(PmtType.Small).Missing);
        Assert.Equal(9, s.For(PmtType.Dynode).Channels);
        Assert.Equal(128, s.For(PmtType.Small).Channels);
        Assert.Equal(limits.Mcp.Baseline, s.For(PmtType.Mcp).MedianRate);
        Assert.Equal([firstDynode], store.Channels.IndicesWithStatus(ChannelStatus.Dead));

        // Only part of the detector keeps reporting: the rest goes stale, channel by channel.
        _time.Advance(TimeSpan.FromSeconds(10));
        store.Channels.Write(0, rates.AsSpan(0, g.LargeCount), new SourceStamp("sim", _time.GetUtcNow()));
        Assert.Equal(0, store.Channels.Summary.For(PmtType.Mcp).Stale);
        Assert.Equal(127, store.Channels.Summary.For(PmtType.Small).Stale);
    }

    [Fact]
    public void NaN_in_a_frame_keeps_the_previous_value_and_its_age()
    {
        var store = TestStores.Create(_time);
        var t0 = _time.GetUtcNow();
        store.Channels.Write(0, [100f, 200f], new SourceStamp("sim", t0));
        _time.Advance(TimeSpan.FromSeconds(1));
        store.Channels.Write(0, [float.NaN, 300f], new SourceStamp("sim", _time.GetUtcNow()));
        Assert.Equal((100f, t0), (store.Channels.Read(0).Rate, store.Channels.Read(0).UpdatedAt!.Value));
        Assert.Equal(300f, store.Channels.Read(1).Rate);
    }

    [Fact]
    public void Invalid_limits_are_refused_with_every_problem_named()
    {
        var store = TestStores.Create(_time);
        var bad = new DetectorLimitsOptions { Small = new ChannelLimits(Baseline: 800, Low: 900, High: 700, DeadBelow: 1000, HotAbove: 100) };
        var ex = Assert.Throws<ArgumentException>(() => store.Channels.SetLimits(bad));
        Assert.Contains("Detector:Limits:Small: DeadBelow", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Baseline", ex.Message, StringComparison.Ordinal);
        Assert.Contains("HotAbove", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Store_options_list_every_error_at_once()
    {
        var errors = new StoreOptions { StaleAfterIntervals = 0, MinBatchWindow = TimeSpan.FromMilliseconds(10), SubscriberQueueCapacity = 0 }.Validate().ToList();
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("Store:", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Services_are_bounded_and_publish_only_real_changes()
    {
        var store = TestStores.Create(_time, new StoreOptions { MaxServices = 2 });
        using var sub = store.Changes.Subscribe(StoreArea.Services);
        var stamp = new SourceStamp("sim", _time.GetUtcNow());
        store.Services.Report(new ServiceHealth("a", "k8s", ServiceState.Up, null, stamp));
        store.Services.Report(new ServiceHealth("a", "k8s", ServiceState.Up, null, stamp));
        store.Services.Report(new ServiceHealth("b", "k8s", ServiceState.Up, null, stamp));
        Assert.Throws<InvalidOperationException>(() => store.Services.Report(new ServiceHealth("c", "k8s", ServiceState.Up, null, stamp)));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(sub.Reader.TryRead(out var batch));
        Assert.Equal(2, batch.MergedChanges);
    }

    [Theory]
    [InlineData(RunState.Initial, "Configure")]
    [InlineData(RunState.Configured, "Start,Reset")]
    [InlineData(RunState.Running, "Pause,Stop,Reset")]
    [InlineData(RunState.Paused, "Resume,Stop,Reset")]
    [InlineData(RunState.Stopped, "Configure,Reset")]
    [InlineData(RunState.Error, "Reset")]
    public void Run_state_machine_allows_only_the_reference_transitions(RunState from, string allowed) =>
        Assert.Equal(allowed, string.Join(',', RunStateMachine.Allowed(from)));
}
