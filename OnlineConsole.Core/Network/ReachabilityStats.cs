namespace OnlineConsole.Core.Network;

/// <summary>
/// A probed device's reachability over the recent window: the method, the last round trip (null when the last probe
/// got no answer), mean and worst round trip of the answered probes, and the fraction of probes lost.
/// </summary>
public sealed record ReachabilityStats(
    ReachabilityMethod Method,
    double? LastRttMs,
    double? AverageRttMs,
    double? MaxRttMs,
    double Loss,
    int Probes,
    TimeSpan Window)
{
    /// <summary>The TCP port checked, for <see cref="ReachabilityMethod.Tcp"/>.</summary>
    public int? Port { get; init; }

    /// <summary>The interface the requests went out on, for <see cref="ReachabilityMethod.Arp"/>.</summary>
    public string? Interface { get; init; }
}
