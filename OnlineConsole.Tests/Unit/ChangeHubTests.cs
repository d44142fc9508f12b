using OnlineConsole.Core.Live;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class ChangeHubTests
{
    private readonly ManualTimeProvider _time = new();

    private ChangeHub Hub(int capacity = 16, int maxSubscribers = 100) =>
        new(_time, new StoreOptions { SubscriberQueueCapacity = capacity, MaxSubscribers = maxSubscribers });

    private static List<ChangeBatch> Drain(ChangeHub.StoreSubscription s)
    {
        var list = new List<ChangeBatch>();
        while (s.Reader.TryRead(out var b)) list.Add(b);
        return list;
    }

    [Fact]
    public void First_change_after_quiet_goes_out_at_once()
    {
        var hub = Hub();
        using var sub = hub.Subscribe(StoreArea.Run);
        hub.Publish(StoreArea.Run);
        _time.Advance(TimeSpan.Zero);
        var batch = Assert.Single(Drain(sub));
        Assert.Equal(StoreArea.Run, batch.Areas);
        Assert.Equal(1, batch.Sequence);
        Assert.False(batch.Resync);
    }

    [Fact]
    public void Changes_within_the_window_merge_into_one_batch_no_sooner_than_the_window()
    {
        var hub = Hub();
        using var sub = hub.Subscribe(StoreArea.Run | StoreArea.Channels);
        hub.Publish(StoreArea.Run);
        _time.Advance(TimeSpan.Zero);
        Assert.Single(Drain(sub));

        for (var i = 0; i < 50; i++)
        {
            hub.Publish(i % 2 == 0 ? StoreArea.Channels : StoreArea.Run);
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }
        Assert.Empty(Drain(sub)); // 50 ms after the first batch: still inside the 100 ms window.
        _time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Empty(Drain(sub));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var merged = Assert.Single(Drain(sub));
        Assert.Equal(StoreArea.Run | StoreArea.Channels, merged.Areas);
        Assert.Equal(50, merged.MergedChanges);
        Assert.Equal(2, merged.Sequence);
    }

    [Fact]
    public void An_urgent_change_waits_only_the_shortest_window_even_for_a_subscriber_batching_once_a_second()
    {
        var hub = Hub();
        using var slow = hub.Subscribe(StoreArea.Run, TimeSpan.FromSeconds(1));
        hub.Publish(StoreArea.Run);
        _time.Advance(TimeSpan.Zero);
        Assert.Single(Drain(slow));

        hub.Publish(StoreArea.Run); // an ordinary change: due a second after the last batch
        _time.Advance(TimeSpan.FromMilliseconds(50));
        hub.Publish(StoreArea.Run, urgent: true); // brings the batch forward to 100 ms after the last one
        _time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Empty(Drain(slow));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var batch = Assert.Single(Drain(slow));
        Assert.Equal(2, batch.MergedChanges);

        // The next ordinary change keeps the subscriber's own window.
        hub.Publish(StoreArea.Run);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Empty(Drain(slow));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Single(Drain(slow));
    }

    [Fact]
    public void Uninteresting_areas_are_not_delivered()
    {
        var hub = Hub();
        using var sub = hub.Subscribe(StoreArea.Network);
        hub.Publish(StoreArea.Run | StoreArea.Channels);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(Drain(sub));
        hub.Publish(StoreArea.Run | StoreArea.Network);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(StoreArea.Network, Assert.Single(Drain(sub)).Areas);
    }

    [Fact]
    public void A_slow_subscriber_loses_the_oldest_batches_counted_and_is_told_to_resync()
    {
        var hub = Hub(capacity: 3);
        using var sub = hub.Subscribe(StoreArea.All);
        for (var i = 0; i < 10; i++)
        {
            hub.Publish(StoreArea.Run);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }
        Assert.Equal(7, sub.DroppedBatches);
        var kept = Drain(sub);
        Assert.Equal([8L, 9L, 10L], kept.Select(b => b.Sequence));
        // The next batch after a drop says so, so the reader re-reads the whole snapshot.
        hub.Publish(StoreArea.Run);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(Assert.Single(Drain(sub)).Resync);
    }

    [Fact]
    public void Queued_batches_stay_bounded_however_long_it_runs()
    {
        var hub = Hub(capacity: 4);
        using var sub = hub.Subscribe(StoreArea.All);
        for (var i = 0; i < 10_000; i++)
        {
            hub.Publish(StoreArea.Channels);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }
        Assert.Equal(4, sub.Reader.Count);
        Assert.Equal(9_996, sub.DroppedBatches);
    }

    [Fact]
    public void Dispose_removes_the_subscription_and_its_timer_and_completes_the_reader()
    {
        var hub = Hub();
        var sub = hub.Subscribe(StoreArea.All);
        hub.Publish(StoreArea.Run);
        Assert.Equal(1, hub.SubscriberCount);
        sub.Dispose();
        Assert.Equal(0, hub.SubscriberCount);
        Assert.Equal(0, _time.ActiveTimers);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(sub.Reader.Completion.IsCompleted);
        sub.Dispose(); // twice is harmless
        hub.Publish(StoreArea.Run);
    }

    [Fact]
    public void Subscriber_limit_is_enforced()
    {
        var hub = Hub(maxSubscribers: 2);
        using var a = hub.Subscribe(StoreArea.All);
        using var b = hub.Subscribe(StoreArea.All);
        var ex = Assert.Throws<InvalidOperationException>(() => hub.Subscribe(StoreArea.All));
        Assert.Contains("Store:MaxSubscribers", ex.Message, StringComparison.Ordinal);
        a.Dispose();
        using var c = hub.Subscribe(StoreArea.All);
        Assert.Equal(2, hub.SubscriberCount);
    }

    [Fact]
    public void A_requested_window_shorter_than_the_minimum_is_raised_to_it()
    {
        var hub = Hub();
        using var sub = hub.Subscribe(StoreArea.Run, TimeSpan.FromMilliseconds(10));
        hub.Publish(StoreArea.Run);
        _time.Advance(TimeSpan.Zero);
        Drain(sub);
        hub.Publish(StoreArea.Run);
        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(Drain(sub));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Single(Drain(sub));
    }

    [Fact]
    public async Task Real_clock_delivers_merged_batches_to_an_async_reader()
    {
        var hub = new ChangeHub(TimeProvider.System, new StoreOptions());
        using var sub = hub.Subscribe(StoreArea.Run);
        var start = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < 1000; i++) hub.Publish(StoreArea.Run);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var total = 0;
        var batches = 0;
        while (total < 1000)
        {
            var b = await sub.Reader.ReadAsync(cts.Token);
            total += b.MergedChanges;
            batches++;
        }
        Assert.Equal(1000, total);
        Assert.InRange(batches, 1, 2);
        Assert.True(TimeProvider.System.GetElapsedTime(start) < TimeSpan.FromSeconds(5));
    }
}
