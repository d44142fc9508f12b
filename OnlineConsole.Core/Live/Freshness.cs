namespace OnlineConsole.Core.Live;

/// <summary>How trustworthy a value is right now. A stale value is never shown as current.</summary>
public enum Freshness
{
    /// <summary>Never received.</summary>
    Missing,
    Fresh,
    /// <summary>No update for more than N times the expected interval.</summary>
    Stale,
}

/// <summary>Where a value came from and when it was last written.</summary>
public readonly record struct SourceStamp(string Source, DateTimeOffset UpdatedAt)
{
    public TimeSpan AgeAt(DateTimeOffset now) => now - UpdatedAt;
}

/// <summary>Classifies a value's age: stale after <see cref="StaleAfterIntervals"/> missed intervals.</summary>
public readonly record struct FreshnessPolicy(TimeSpan ExpectedInterval, double StaleAfterIntervals)
{
    public TimeSpan StaleAfter => ExpectedInterval * StaleAfterIntervals;

    public Freshness Classify(SourceStamp? stamp, DateTimeOffset now) =>
        stamp is not { } s ? Freshness.Missing
        : s.AgeAt(now) > StaleAfter ? Freshness.Stale
        : Freshness.Fresh;
}
