namespace OnlineConsole.Core.Live;

/// <summary>Size and timing limits of the live store (section "Store").</summary>
public sealed class StoreOptions : IValidatableOptions
{
    public const string Section = "Store";

    /// <summary>A value is stale after this many missed expected intervals.</summary>
    public double StaleAfterIntervals { get; set; } = 3;

    /// <summary>Shortest time between two change batches delivered to one subscriber.</summary>
    public TimeSpan MinBatchWindow { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Batches queued per subscriber before the oldest is dropped (and counted).</summary>
    public int SubscriberQueueCapacity { get; set; } = 16;

    /// <summary>Most subscriptions at once (roughly: open browser pages x live components).</summary>
    public int MaxSubscribers { get; set; } = 4096;

    public int MaxServices { get; set; } = 5000;
    public int MaxNetworkDevices { get; set; } = 5000;

    /// <summary>Most switch ports with a trend history (about 16 kB each at a 10 s poll, see PortHistory); 0 = none.</summary>
    public int MaxPortHistories { get; set; } = 10_000;

    /// <summary>Per-channel history at 1 s resolution, in seconds (1 byte per channel per slot).</summary>
    public int HistorySeconds { get; set; } = 3600;

    /// <summary>Per-channel history at 1 min resolution, in minutes (1 byte per channel per slot).</summary>
    public int HistoryMinutes { get; set; } = 1440;

    /// <summary>Log lines (DAQ and syslog) kept in the ring; about 400 bytes each with a 100-character text.</summary>
    public int MaxLogEntries { get; set; } = 200_000;

    /// <summary>Most METRIC series (name + labels); each keeps an hour at 10 s steps, about 6 kB.</summary>
    public int MaxMetricSeries { get; set; } = 20_000;

    /// <summary>Runs whose histograms are kept (runs marked as reference are kept besides).</summary>
    public int MaxHistogramRuns { get; set; } = 20;

    /// <summary>Most histogram names per run.</summary>
    public int MaxHistogramsPerRun { get; set; } = 2_000;

    public IEnumerable<string> Validate()
    {
        if (MaxLogEntries is < 100 or > 10_000_000) yield return $"{Section}:MaxLogEntries must be between 100 and 10000000 (is {MaxLogEntries}).";
        if (MaxMetricSeries is < 1 or > 1_000_000) yield return $"{Section}:MaxMetricSeries must be between 1 and 1000000 (is {MaxMetricSeries}).";
        if (MaxHistogramRuns is < 1 or > 1000) yield return $"{Section}:MaxHistogramRuns must be between 1 and 1000 (is {MaxHistogramRuns}).";
        if (MaxHistogramsPerRun is < 1 or > 100_000) yield return $"{Section}:MaxHistogramsPerRun must be between 1 and 100000 (is {MaxHistogramsPerRun}).";
        if (StaleAfterIntervals is < 1 or > 1000) yield return $"{Section}:StaleAfterIntervals must be between 1 and 1000 (is {StaleAfterIntervals}).";
        if (MinBatchWindow < TimeSpan.FromMilliseconds(100)) yield return $"{Section}:MinBatchWindow must be at least 00:00:00.100 (is {MinBatchWindow}).";
        if (SubscriberQueueCapacity is < 1 or > 10_000) yield return $"{Section}:SubscriberQueueCapacity must be between 1 and 10000 (is {SubscriberQueueCapacity}).";
        if (MaxSubscribers is < 1 or > 1_000_000) yield return $"{Section}:MaxSubscribers must be between 1 and 1000000 (is {MaxSubscribers}).";
        if (MaxServices < 1) yield return $"{Section}:MaxServices must be positive (is {MaxServices}).";
        if (HistorySeconds is < 60 or > 86_400) yield return $"{Section}:HistorySeconds must be between 60 and 86400 (is {HistorySeconds}).";
        if (HistoryMinutes is < 1 or > 43_200) yield return $"{Section}:HistoryMinutes must be between 1 and 43200 (is {HistoryMinutes}).";
        if (MaxPortHistories is < 0 or > 100_000) yield return $"{Section}:MaxPortHistories must be between 0 and 100000 (is {MaxPortHistories}).";
        if (MaxNetworkDevices < 1) yield return $"{Section}:MaxNetworkDevices must be positive (is {MaxNetworkDevices}).";
    }
}
