namespace OnlineConsole.Core.Collectors;

/// <summary>Mutable health of one collector; counters are lock-free so hot paths pay little.</summary>
public sealed class CollectorHealth
{
    private readonly CollectorArea _area;
    private readonly Lock _gate = new();
    private long _received;
    private long _malformed;
    private long _dropped;
    private readonly Dictionary<string, long> _malformedBy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _gauges = new(StringComparer.Ordinal);
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

    /// <summary>Sets (or with null removes) one of the collector's own figures, shown on the Collectors page.</summary>
    public void SetGauge(string name, double? value)
    {
        lock (_gate)
        {
            if (value is { } v) _gauges[name] = v;
            else _gauges.Remove(name);
        }
    }

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
        if (stateChanged) _area.Changed(Source, stateChanged: true);
    }

    public void Failed(DateTimeOffset at, string error)
    {
        bool stateChanged;
        lock (_gate)
        {
            stateChanged = _state != CollectorState.Retrying;
            _state = CollectorState.Retrying;
            _lastErrorAt = at;
            _lastError = error;
            _failures++;
        }
        _area.Changed(Source, stateChanged);
    }

    public void SetState(CollectorState state)
    {
        bool stateChanged;
        lock (_gate)
        {
            stateChanged = _state != state;
            _state = state;
        }
        _area.Changed(Source, stateChanged);
    }

    /// <summary>The current state, without a snapshot's allocation (read on every freshness check).</summary>
    public CollectorState State
    {
        get { lock (_gate) return _state; }
    }

    public CollectorHealthSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new CollectorHealthSnapshot(Name, Source, _state, _lastSuccess, _lastErrorAt, _lastError,
                Interlocked.Read(ref _received), Interlocked.Read(ref _malformed), Interlocked.Read(ref _dropped), _failures, ExpectedInterval)
            {
                MalformedBy = _malformedBy.Count == 0 ? new Dictionary<string, long>() : new SortedDictionary<string, long>(_malformedBy, StringComparer.Ordinal),
                Gauges = _gauges.Count == 0 ? new Dictionary<string, double>() : new SortedDictionary<string, double>(_gauges, StringComparer.Ordinal),
            };
        }
    }
}
