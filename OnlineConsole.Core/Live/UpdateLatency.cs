namespace OnlineConsole.Core.Live;

/// <summary>
/// How long the console takes from a batch of store changes leaving the hub (after its merge window) to the page
/// that shows it having rendered it (diff ready to send), over all pages since start: the server's queueing and
/// rendering, which grow with the number of pages. A histogram with fixed bounds, cheap enough to record every
/// render; readers take two snapshots and subtract them for a window. Not in here: the merge window itself (by
/// design, >= 100 ms between batches) and the browser's share (transport, DOM).
/// </summary>
public sealed class UpdateLatency
{
    /// <summary>Upper bounds of the buckets in milliseconds; one more bucket holds everything above the last.</summary>
    public static readonly IReadOnlyList<double> BoundsMs = [1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1000, 1500, 2000, 3000, 5000];

    private readonly long[] _counts = new long[BoundsMs.Count + 1];
    private long _maxTicks;

    public void Record(TimeSpan latency)
    {
        var ms = latency.TotalMilliseconds;
        var k = 0;
        while (k < BoundsMs.Count && ms > BoundsMs[k]) k++;
        Interlocked.Increment(ref _counts[k]);
        var ticks = latency.Ticks;
        var seen = Interlocked.Read(ref _maxTicks);
        while (ticks > seen)
        {
            var was = Interlocked.CompareExchange(ref _maxTicks, ticks, seen);
            if (was == seen) break;
            seen = was;
        }
    }

    public UpdateLatencySnapshot Snapshot()
    {
        var counts = new long[_counts.Length];
        for (var k = 0; k < counts.Length; k++) counts[k] = Interlocked.Read(ref _counts[k]);
        return new UpdateLatencySnapshot(counts, TimeSpan.FromTicks(Interlocked.Read(ref _maxTicks)).TotalMilliseconds);
    }
}
