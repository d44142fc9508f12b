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

/// <param name="Counts">Renders per bucket of <see cref="UpdateLatency.BoundsMs"/> (the last: above the last bound).</param>
/// <param name="MaxMs">Longest since start.</param>
public sealed record UpdateLatencySnapshot(IReadOnlyList<long> Counts, double MaxMs)
{
    public long Total => Counts.Sum();

    /// <summary>Upper bound of the bucket holding the <paramref name="fraction"/> quantile (NaN when empty;
    /// +infinity when it lies above the last bound).</summary>
    public double QuantileMs(double fraction)
    {
        var total = Total;
        if (total == 0) return double.NaN;
        var rank = (long)Math.Ceiling(fraction * total);
        long seen = 0;
        for (var k = 0; k < Counts.Count; k++)
        {
            seen += Counts[k];
            if (seen >= rank) return k < UpdateLatency.BoundsMs.Count ? UpdateLatency.BoundsMs[k] : double.PositiveInfinity;
        }
        return double.PositiveInfinity;
    }

    /// <summary>What happened between <paramref name="earlier"/> and this snapshot.</summary>
    public UpdateLatencySnapshot Since(UpdateLatencySnapshot earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new(Counts.Select((c, k) => c - earlier.Counts[k]).ToArray(), MaxMs);
    }
}
