using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Run;

/// <summary>
/// The one authoritative run of the live store. Other sources (e.g. the data-flow summary) are witnesses: they
/// never change the shown run, they only raise or clear a <see cref="RunConflict"/>.
/// </summary>
public sealed class RunArea : IRunView
{
    /// <summary>History rows kept, newest first; older rows are dropped.</summary>
    public const int MaxHistory = 500;

    private readonly ChangeHub _hub;
    private readonly Lock _gate = new();
    private RunStatus? _current;
    private SourceStamp? _stamp;
    private string? _origin;
    private RunConflict? _conflict;
    private (string Source, long Number, DateTimeOffset At)? _witness;
    private IReadOnlyList<RunRecord> _history = [];

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

    /// <summary>The current disagreement between the authoritative source and a witness, or null.</summary>
    public RunConflict? Conflict
    {
        get { lock (_gate) return _conflict; }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<RunRecord> History
    {
        get { lock (_gate) return _history; }
    }

    /// <summary>
    /// Records a report from the authoritative source and returns whether the run changed. Run numbers only move
    /// forward: a report with a lower number than the current one is refused and changes nothing.
    /// <paramref name="origin"/> names the authoritative source in conflicts (default: the stamp's source).
    /// </summary>
    public bool Report(RunStatus status, SourceStamp stamp, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        bool changed;
        lock (_gate)
        {
            if (_current is { } cur && status.RunNumber < cur.RunNumber) return false;
            changed = _current != status;
            _current = status;
            _stamp = stamp;
            _origin = origin ?? stamp.Source;
            changed |= Reconcile(stamp.UpdatedAt);
        }
        // A heartbeat without change refreshes the stamp only: pages are told of real changes, and of
        // fresh/stale transitions by the FreshnessMonitor, so an idle page receives nothing.
        if (changed) _hub.Publish(StoreArea.Run);
        return changed;
    }

    /// <summary>
    /// Records the run number another source believes in. Returns the new conflict when this report starts (or
    /// changes) one, so the caller logs it once; null when nothing new happened.
    /// </summary>
    public RunConflict? ReportWitness(string source, long runNumber, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        bool changed;
        RunConflict? raised;
        lock (_gate)
        {
            // A witness also only moves forward; a late, lower report is ignored.
            if (_witness is { } w && w.Source == source && runNumber < w.Number) return null;
            _witness = (source, runNumber, at);
            var before = _conflict;
            changed = Reconcile(at);
            raised = changed && _conflict is not null && _conflict != before ? _conflict : null;
        }
        if (changed) _hub.Publish(StoreArea.Run);
        return raised;
    }

    /// <summary>Replaces the run history (newest first, trimmed to <see cref="MaxHistory"/>); returns whether it changed.</summary>
    public bool SetHistory(IReadOnlyList<RunRecord> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        lock (_gate)
        {
            var trimmed = history.Count > MaxHistory ? history.Take(MaxHistory).ToArray() : history;
            if (ReferenceEquals(_history, trimmed) || _history.SequenceEqual(trimmed)) return false;
            _history = trimmed;
        }
        _hub.Publish(StoreArea.Run);
        return true;
    }

    // Called under the lock; returns whether the conflict appeared, changed or cleared.
    private bool Reconcile(DateTimeOffset at)
    {
        var before = _conflict;
        if (_current is not { } cur || _origin is not { } origin || _witness is not { } w || w.Number == cur.RunNumber)
        {
            _conflict = null;
        }
        else if (before is null || before.AuthoritativeNumber != cur.RunNumber || before.OtherNumber != w.Number || before.OtherSource != w.Source)
        {
            _conflict = new RunConflict(origin, cur.RunNumber, w.Source, w.Number, before?.Since ?? at);
        }
        return before != _conflict;
    }
}
