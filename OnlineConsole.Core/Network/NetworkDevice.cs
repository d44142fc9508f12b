using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Network;

/// <summary>A switch or server and what is known of it.</summary>
public sealed record NetworkDevice(
    string Name,
    DeviceRole Role,
    string? Address,
    bool Reachable,
    IReadOnlyList<PortStatus> Ports,
    SourceStamp Stamp)
{
    /// <summary>Rack or other grouping the operator configured; null when unknown.</summary>
    public string? Rack { get; init; }

    /// <summary>False when nothing probes this device: <see cref="Reachable"/> then only says it was seen.</summary>
    public bool ReachabilityProbed { get; init; } = true;

    /// <summary>CPU, memory and uptime of a server, when known (HOST-RESOURCES-MIB or the simulator); null otherwise.</summary>
    public NodeMetrics? Metrics { get; init; }

    /// <summary>Round trip and loss of the reachability probes over the recent window; null when not probed.</summary>
    public ReachabilityStats? Reachability { get; init; }
}
