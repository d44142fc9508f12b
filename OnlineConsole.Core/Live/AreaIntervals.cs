namespace OnlineConsole.Core.Live;

/// <summary>Expected update interval of each area, from which staleness follows.</summary>
public sealed record AreaIntervals(TimeSpan Run, TimeSpan Channels, TimeSpan Network, TimeSpan Services)
{
    public static AreaIntervals Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));

    /// <summary>How often a METRIC series is expected to send (the contract's 10 s).</summary>
    public TimeSpan Metrics { get; init; } = TimeSpan.FromSeconds(10);
}
