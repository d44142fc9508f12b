using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Dcs;

/// <summary>A Phoebus severity: the alarm server's own names, with acknowledged variants.</summary>
public enum PhoebusSeverity
{
    Ok,
    MinorAck,
    MajorAck,
    InvalidAck,
    UndefinedAck,
    Minor,
    Major,
    Invalid,
    Undefined,
}

/// <summary>One item of the EPICS alarm tree as the Phoebus alarm server describes it.</summary>
public sealed record DcsAlarmNode(string Path, bool IsLeaf)
{
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];
    public int Depth => Path.Count(c => c == '/') - 1;
    public string? Description { get; init; }
    public bool Enabled { get; init; } = true;
    public IReadOnlyList<(string Title, string Details)> Guidance { get; init; } = [];

    /// <summary>The alarm severity (latched by the server until acknowledged); a node's is the worst below it, from the server.</summary>
    public PhoebusSeverity Severity { get; init; }
    public string? Message { get; init; }
    public string? Value { get; init; }
    public DateTimeOffset? Time { get; init; }
    public PhoebusSeverity CurrentSeverity { get; init; }
    public string? CurrentMessage { get; init; }
    public SourceStamp? Stamp { get; init; }
}

/// <summary>
/// The EPICS alarm tree from the Phoebus alarm server's configuration topic, for the DCS page: items by path, each
/// with its configuration and last state, and the worst severity below each item computed here (so a page is right
/// even before the server's own node states arrive).
/// </summary>
public sealed class DcsAlarmTree
{
    private readonly ChangeHub _changes;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, DcsAlarmNode> _nodes = new(StringComparer.Ordinal);
    private IReadOnlyList<(DcsAlarmNode Node, PhoebusSeverity Worst)>? _snapshot;

    public DcsAlarmTree(ChangeHub changes) => _changes = changes;

    public int Count { get { lock (_gate) return _nodes.Count; } }

    /// <summary>Replaces items (a new configuration or state) and removes deleted ones, then tells the pages once.</summary>
    public void Apply(IReadOnlyList<DcsAlarmNode> upserts, IReadOnlyList<string> removed)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(removed);
        if (upserts.Count == 0 && removed.Count == 0) return;
        lock (_gate)
        {
            foreach (var path in removed) _nodes.Remove(path);
            foreach (var n in upserts) _nodes[n.Path] = n;
            _snapshot = null;
        }
        _changes.Publish(StoreArea.Dcs);
    }

    public DcsAlarmNode? Find(string path)
    {
        lock (_gate) return _nodes.GetValueOrDefault(path);
    }

    /// <summary>Every item in tree order (a parent before its children), with the worst severity at or below it.</summary>
    public IReadOnlyList<(DcsAlarmNode Node, PhoebusSeverity Worst)> Snapshot()
    {
        lock (_gate)
        {
            if (_snapshot is not null) return _snapshot;
            var worst = new Dictionary<string, PhoebusSeverity>(StringComparer.Ordinal);
            foreach (var n in _nodes.Values)
            {
                var s = n.Enabled ? n.Severity : PhoebusSeverity.Ok;
                // Every ancestor of an item takes its severity if worse.
                for (var p = n.Path; p.Length > 0; p = p.LastIndexOf('/') is > 0 and var i ? p[..i] : "")
                    if (!worst.TryGetValue(p, out var w) || s > w) worst[p] = s;
            }
            // Sorted by path with '/' first, so that "/A/B" and its children come before "/A-x".
            _snapshot = [.. _nodes.Values.OrderBy(n => n.Path.Replace('/', '\u0001'), StringComparer.Ordinal).Select(n => (n, worst[n.Path]))];
            return _snapshot;
        }
    }
}
