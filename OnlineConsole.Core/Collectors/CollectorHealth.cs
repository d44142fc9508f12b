using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Collectors;

public enum CollectorState
{
    Starting,
    Running,
    /// <summary>Failing and retrying with backoff.</summary>
    Retrying,
    Stopped,
    Disabled,
}

/// <summary>A collector's own account of itself, read by the Collectors page and /readyz.</summary>
public sealed record CollectorHealthSnapshot(
    string Name,
    string Source,
    CollectorState State,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastErrorAt,
    string? LastError,
    long Received,
    long Malformed,
    long Dropped,
    int ConsecutiveFailures,
    TimeSpan ExpectedInterval)
{
    /// <summary>The malformed count by device or key, for collectors that poll many (empty for the others).</summary>
    public IReadOnlyDictionary<string, long> MalformedBy { get; init; } = new Dictionary<string, long>();
}

/// <summary>Mutable health of one collector; counters are lock-free so hot paths pay little.</summary>
public sealed class CollectorHealth
{
    private readonly CollectorArea _area;
    private readonly Lock _gate = new();
    private long _received;
    private long _malformed;
    private long _dropped;
    private readonly Dictionary<string, long> _malformedBy = new(StringComparer.Ordinal);
    private CollectorState _state = CollectorState.Starting;
    private DateTimeOffset? _lastSuccess;
    private DateTimeOffset? _lastErrorAt;
    private string? _lastError;
    private int _failures;

    internal CollectorHealth(CollectorArea area, string name, string source, TimeSpan expectedInterval)
    {
        _area = area;
        Name = name;
        Source = source;
        ExpectedInterval = expectedInterval;
    }

    public string Name { get; }
    public string Source { get; }
    public TimeSpan ExpectedInterval { get; }

    public void CountReceived(long n = 1) => Interlocked.Add(ref _received, n);
    public void CountMalformed(long n = 1) => Interlocked.Add(ref _malformed, n);

    /// <summary>Counts malformed input of one device (or other key) in the total and in <see cref="CollectorHealthSnapshot.MalformedBy"/>.</summary>
    public void CountMalformed(string key, long n)
    {
        Interlocked.Add(ref _malformed, n);
        lock (_gate)
        {
            // Bounded like the devices themselves: past 1,000 keys only the total counts.
            if (_malformedBy.TryGetValue(key, out var had)) _malformedBy[key] = had + n;
            else if (_malformedBy.Count < 1000) _malformedBy[key] = n;
        }
    }
    public void CountDropped(long n = 1) => Interlocked.Add(ref _dropped, n);

    public void Succeeded(DateTimeOffset at)
    {
        bool stateChanged;
        lock (_gate)
        {
            stateChanged = _state != CollectorState.Running;
            _state = CollectorState.Running;
            _lastSuccess = at;
            _failures = 0;
        }
        if (stateChanged) _area.Changed();
    }

    public void Failed(DateTimeOffset at, string error)
    {
        lock (_gate)
        {
            _state = CollectorState.Retrying;
            _lastErrorAt = at;
            _lastError = error;
            _failures++;
        }
        _area.Changed();
    }

    public void SetState(CollectorState state)
    {
        lock (_gate) _state = state;
        _area.Changed();
    }

    public CollectorHealthSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new CollectorHealthSnapshot(Name, Source, _state, _lastSuccess, _lastErrorAt, _lastError,
                Interlocked.Read(ref _received), Interlocked.Read(ref _malformed), Interlocked.Read(ref _dropped), _failures, ExpectedInterval)
            {
                MalformedBy = _malformedBy.Count == 0 ? new Dictionary<string, long>() : new SortedDictionary<string, long>(_malformedBy, StringComparer.Ordinal),
            };
        }
    }
}

public sealed class CollectorArea
{
    private readonly ChangeHub _hub;
    private readonly Lock _gate = new();
    private readonly List<CollectorHealth> _collectors = [];

    public CollectorArea(ChangeHub hub) => _hub = hub;

    public CollectorHealth Register(string name, string source, TimeSpan expectedInterval)
    {
        lock (_gate)
        {
            if (_collectors.Any(c => c.Name == name)) throw new InvalidOperationException($"Collector '{name}' is registered twice.");
            var health = new CollectorHealth(this, name, source, expectedInterval);
            _collectors.Add(health);
            return health;
        }
    }

    public IReadOnlyList<CollectorHealthSnapshot> Snapshot()
    {
        lock (_gate) return [.. _collectors.Select(c => c.Snapshot())];
    }

    internal void Changed() => _hub.Publish(StoreArea.Collectors);
}
