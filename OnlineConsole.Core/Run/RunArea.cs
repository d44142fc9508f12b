using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Run;

/// <summary>The one authoritative run of the live store.</summary>
public sealed class RunArea
{
    private readonly ChangeHub _hub;
    private readonly Lock _gate = new();
    private RunStatus? _current;
    private SourceStamp? _stamp;

    public RunArea(ChangeHub hub, FreshnessPolicy policy)
    {
        _hub = hub;
        Policy = policy;
    }

    public FreshnessPolicy Policy { get; }

    public (RunStatus? Status, SourceStamp? Stamp) Snapshot()
    {
        lock (_gate) return (_current, _stamp);
    }

    /// <summary>
    /// Records a report from a source and returns whether the run changed. Run numbers only move forward: a
    /// report with a lower number than the current one is refused and changes nothing.
    /// </summary>
    public bool Report(RunStatus status, SourceStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(status);
        bool changed;
        lock (_gate)
        {
            if (_current is { } cur && status.RunNumber < cur.RunNumber) return false;
            changed = _current != status;
            _current = status;
            _stamp = stamp;
        }
        // A heartbeat without change refreshes the stamp only: pages are told of real changes, and of
        // fresh/stale transitions by the FreshnessMonitor, so an idle page receives nothing.
        if (changed) _hub.Publish(StoreArea.Run);
        return changed;
    }
}
