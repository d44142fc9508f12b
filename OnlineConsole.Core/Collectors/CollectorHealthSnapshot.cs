namespace OnlineConsole.Core.Collectors;

/// <summary>A collector's own account of itself, read by the Collectors page and /readyz.</summary>
public sealed record CollectorHealthSnapshot(
    string Name,
    string Source,
    CollectorState State,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastErrorAt,
    string? LastError,
    long Received,
    long Malformed,
    long Dropped,
    int ConsecutiveFailures,
    TimeSpan ExpectedInterval)
{
    /// <summary>The malformed count by device or key, for collectors that poll many (empty for the others).</summary>
    public IReadOnlyDictionary<string, long> MalformedBy { get; init; } = new Dictionary<string, long>();

    /// <summary>Figures a collector reports of itself besides the counts (a consumer's lag), by <see cref="CollectorGauges"/> name.</summary>
    public IReadOnlyDictionary<string, double> Gauges { get; init; } = new Dictionary<string, double>();
}
