using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Network;

public enum DeviceRole
{
    CoreSwitch,
    EdgeSwitch,
    Server,
}

public enum LinkState
{
    Unknown,
    Up,
    Down,
}

/// <summary>One switch port with rates derived from its counters.</summary>
public sealed record PortStatus(
    int Index,
    string Name,
    LinkState State,
    long SpeedBitsPerSecond,
    double InBitsPerSecond,
    double OutBitsPerSecond,
    double ErrorsPerSecond,
    double DiscardsPerSecond,
    string? Neighbour)
{
    /// <summary>ifAlias: the operator's description of the port.</summary>
    public string? Alias { get; init; }

    /// <summary>False when the port is administratively down: not a fault, so no alarm.</summary>
    public bool AdminUp { get; init; } = true;

    /// <summary>False on the first sample and after an agent restart: the rates are not known yet.</summary>
    public bool RatesKnown { get; init; } = true;

    public double InPacketsPerSecond { get; init; }
    public double OutPacketsPerSecond { get; init; }

    /// <summary>Port of the neighbour (from LLDP or static configuration), e.g. the server's NIC.</summary>
    public string? NeighbourPort { get; init; }

    public double Utilization => SpeedBitsPerSecond <= 0 ? 0 : Math.Max(InBitsPerSecond, OutBitsPerSecond) / SpeedBitsPerSecond;
}

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
}

/// <summary>A link between two devices' ports.</summary>
public sealed record NetworkLink(string DeviceA, string PortA, string DeviceB, string PortB)
{
    /// <summary>From configuration rather than LLDP.</summary>
    public bool Static { get; init; }
}

/// <summary>The whole network at one instant, replaced as a unit by its source.</summary>
public sealed record NetworkSnapshot(IReadOnlyList<NetworkDevice> Devices, IReadOnlyList<NetworkLink> Links)
{
    public static NetworkSnapshot Empty { get; } = new([], []);

    /// <summary>What an alarm system should raise (see <see cref="NetworkAlarms"/>); empty when no source set it.</summary>
    public IReadOnlyList<NetworkAlarmCandidate> Alarms { get; init; } = [];

    public int PortsDown => Devices.Sum(d => d.Ports.Count(p => p.State == LinkState.Down));
    public int Unreachable => Devices.Count(d => !d.Reachable);
}

public sealed class NetworkArea
{
    private readonly ChangeHub _hub;
    private readonly int _maxDevices;
    private readonly Lock _gate = new();
    private NetworkSnapshot _snapshot = NetworkSnapshot.Empty;
    private SourceStamp? _stamp;

    public NetworkArea(ChangeHub hub, FreshnessPolicy policy, int maxDevices)
    {
        _hub = hub;
        Policy = policy;
        _maxDevices = maxDevices;
    }

    public FreshnessPolicy Policy { get; }

    public NetworkSnapshot Snapshot
    {
        get { lock (_gate) return _snapshot; }
    }

    public SourceStamp? Stamp
    {
        get { lock (_gate) return _stamp; }
    }

    /// <summary>Replaces the snapshot. Devices beyond Store:MaxNetworkDevices are refused so memory stays bounded.</summary>
    public void Replace(NetworkSnapshot snapshot, SourceStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Devices.Count > _maxDevices)
            throw new ArgumentException($"{snapshot.Devices.Count} network devices exceed Store:MaxNetworkDevices ({_maxDevices}).", nameof(snapshot));
        lock (_gate)
        {
            _snapshot = snapshot;
            _stamp = stamp;
        }
        _hub.Publish(StoreArea.Network);
    }
}
