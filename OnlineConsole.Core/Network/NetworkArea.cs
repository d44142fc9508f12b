using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Network;

public sealed class NetworkArea : INetworkView
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

    IPortTrends INetworkView.History => History;

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
