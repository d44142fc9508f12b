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

    /// <summary>CPU, memory and uptime of a server, when known (HOST-RESOURCES-MIB or the simulator); null otherwise.</summary>
    public NodeMetrics? Metrics { get; init; }

    /// <summary>Round trip and loss of the reachability probes over the recent window; null when not probed.</summary>
    public ReachabilityStats? Reachability { get; init; }
}

/// <summary>
/// What a host reports of itself: CPU load (mean over processors, percent), memory used (percent of RAM) and time
/// since boot. Each is null when the host does not (yet) report it: net-snmp, for one, has no processor load
/// during its first minute.
/// </summary>
public sealed record NodeMetrics(double? CpuPercent, double? MemoryUsedPercent, TimeSpan? Uptime);

/// <summary>A link between two devices' ports.</summary>
public sealed record NetworkLink(string DeviceA, string PortA, string DeviceB, string PortB)
{
    /// <summary>From configuration rather than LLDP.</summary>
    public bool Static { get; init; }

    /// <summary>When LLDP last reported this link; null for static links and sources without discovery.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Remembered from an earlier discovery but not reported by the latest one (until Network:ForgetLinksAfter).</summary>
    public bool Unseen { get; init; }
}

/// <summary>The whole network at one instant, replaced as a unit by its source.</summary>
public sealed record NetworkSnapshot(IReadOnlyList<NetworkDevice> Devices, IReadOnlyList<NetworkLink> Links)
{
    public static NetworkSnapshot Empty { get; } = new([], []);

    /// <summary>What an alarm system should raise (see <see cref="NetworkAlarms"/>); empty when no source set it.</summary>
    public IReadOnlyList<NetworkAlarmCandidate> Alarms { get; init; } = [];

    /// <summary>The thresholds the alarms were evaluated with; the views colour ports and links by the same.</summary>
    public NetworkAlarmThresholds Thresholds { get; init; } = NetworkAlarmThresholds.Default;

    /// <summary>
    /// Cables down, each once: the two ends of a link (an admin-down port and its peer, a switch port and the server
    /// NIC that mirrors it) are one cable; a down port without a known link counts alone.
    /// </summary>
    public int PortsDown
    {
        get
        {
            var linkOf = new Dictionary<(string, string), int>();
            for (var i = 0; i < Links.Count; i++)
            {
                linkOf.TryAdd((Links[i].DeviceA, Links[i].PortA), i);
                linkOf.TryAdd((Links[i].DeviceB, Links[i].PortB), i);
            }
            var counted = new HashSet<int>();
            var down = 0;
            foreach (var d in Devices)
                foreach (var p in d.Ports)
                    if (p.State == LinkState.Down && (!linkOf.TryGetValue((d.Name, p.Name), out var link) || counted.Add(link))) down++;
            return down;
        }
    }
    public int Unreachable => Devices.Count(d => !d.Reachable);
}

public sealed class NetworkArea
{
    private readonly ChangeHub _hub;
    private readonly int _maxDevices;
    private readonly Lock _gate = new();
    private NetworkSnapshot _snapshot = NetworkSnapshot.Empty;
    private SourceStamp? _stamp;

    public NetworkArea(ChangeHub hub, FreshnessPolicy policy, int maxDevices, PortHistory? history = null)
    {
        _hub = hub;
        Policy = policy;
        _maxDevices = maxDevices;
        History = history ?? new PortHistory(policy.ExpectedInterval, 0);
    }

    public FreshnessPolicy Policy { get; }

    /// <summary>Trends of every switch port, recorded from each snapshot written here.</summary>
    public PortHistory History { get; }

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
        History.Record(snapshot, stamp.UpdatedAt);
        _hub.Publish(StoreArea.Network);
    }
}
