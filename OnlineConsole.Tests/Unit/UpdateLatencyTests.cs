using OnlineConsole.Core.Live;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class UpdateLatencyTests
{
    [Fact]
    public void Quantiles_come_from_the_bucket_bounds_and_a_window_is_the_difference_of_two_snapshots()
    {
        var latency = new UpdateLatency();
        Assert.True(double.IsNaN(latency.Snapshot().QuantileMs(0.5)));
        for (var i = 0; i < 98; i++) latency.Record(TimeSpan.FromMilliseconds(4));
        latency.Record(TimeSpan.FromMilliseconds(120));
        latency.Record(TimeSpan.FromSeconds(9));
        var first = latency.Snapshot();
        Assert.Equal(100, first.Total);
        Assert.Equal(5, first.QuantileMs(0.5));
        Assert.Equal(150, first.QuantileMs(0.99));
        Assert.Equal(double.PositiveInfinity, first.QuantileMs(1));
        Assert.Equal(9000, first.MaxMs, 3);

        for (var i = 0; i < 10; i++) latency.Record(TimeSpan.FromMilliseconds(250));
        var window = latency.Snapshot().Since(first);
        Assert.Equal(10, window.Total);
        Assert.Equal(300, window.QuantileMs(0.5));
    }

    [Fact]
    public void A_batch_carries_the_time_of_its_oldest_change()
    {
        var time = new ManualTimeProvider();
        var hub = new ChangeHub(time, new StoreOptions());
        using var sub = hub.Subscribe(StoreArea.Run, TimeSpan.FromMilliseconds(100));
        hub.Publish(StoreArea.Run);
        time.Advance(TimeSpan.Zero);
        Assert.True(sub.Reader.TryRead(out _));
        // Two changes in the next window: the batch is stamped with the first one.
        time.Advance(TimeSpan.FromMilliseconds(30));
        var firstChange = time.GetTimestamp();
        hub.Publish(StoreArea.Run);
        time.Advance(TimeSpan.FromMilliseconds(40));
        hub.Publish(StoreArea.Run);
        time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.True(sub.Reader.TryRead(out var batch));
        Assert.Equal(2, batch.MergedChanges);
        Assert.Equal(firstChange, batch.FirstChangeTimestamp);
        Assert.Equal(TimeSpan.FromMilliseconds(80), time.GetElapsedTime(batch.FirstChangeTimestamp));
        // It left the hub when its window ended, 100 ms after the previous batch.
        Assert.Equal(TimeSpan.FromMilliseconds(10), time.GetElapsedTime(batch.EmittedTimestamp));
    }
}
