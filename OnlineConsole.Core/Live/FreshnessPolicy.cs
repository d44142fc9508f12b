namespace OnlineConsole.Core.Live;

/// <summary>
/// The one freshness rule of the console, for every area and every page: a value is stale after
/// <see cref="StaleAfterIntervals"/> missed intervals, or at once when the collector that wrote it has lost its
/// source (a killed Redis is known within about a second; waiting for the age alone kept pages "live" for 3 s
/// and through any shorter outage).
/// </summary>
public readonly record struct FreshnessPolicy(TimeSpan ExpectedInterval, double StaleAfterIntervals)
{
    public TimeSpan StaleAfter => ExpectedInterval * StaleAfterIntervals;

    /// <param name="stamp">Source and write time of the value; null when nothing was ever received.</param>
    /// <param name="sourceDown">The collector that wrote it is failing and retrying.</param>
    /// <param name="now">The store's clock.</param>
    public Freshness Classify(SourceStamp? stamp, bool sourceDown, DateTimeOffset now) =>
        stamp is not { } s ? Freshness.Missing
        : sourceDown || s.AgeAt(now) > StaleAfter ? Freshness.Stale
        : Freshness.Fresh;
}
