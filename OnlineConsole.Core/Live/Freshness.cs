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
