namespace OnlineConsole.Core.Live;

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
