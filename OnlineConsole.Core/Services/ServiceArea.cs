using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Services;

public sealed class ServiceArea : IServiceView
{
    private readonly ChangeHub _hub;
    private readonly int _max;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServiceHealth> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<ServiceSample>> _history = new(StringComparer.Ordinal);

    /// <summary>A row's numbers are sampled at most this often for its trend...</summary>
    public static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);

    /// <summary>...and kept for this long (the detail panel's trend).</summary>
    public static readonly TimeSpan HistoryLength = TimeSpan.FromHours(1);

    public ServiceArea(ChangeHub hub, FreshnessPolicy policy, int max)
    {
        _hub = hub;
        Policy = policy;
        _max = max;
    }

    public FreshnessPolicy Policy { get; }

    public IReadOnlyList<ServiceHealth> Snapshot()
    {
        lock (_gate) return [.. _services.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>Records a service's health; publishes only when state or detail changed.</summary>
    public void Report(ServiceHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        bool changed;
        lock (_gate)
        {
            if (!_services.TryGetValue(health.Name, out var old) && _services.Count >= _max)
                throw new InvalidOperationException($"More than Store:MaxServices ({_max}) services reported.");
            changed = old is null || old.State != health.State || old.Detail != health.Detail || old.Kind != health.Kind;
            _services[health.Name] = health;
            Sample(health);
        }
        if (changed) _hub.Publish(StoreArea.Services);
    }

    /// <summary>The row's numbers (<see cref="ServiceHealth.Values"/>) over the last <see cref="HistoryLength"/>, oldest first.</summary>
    public IReadOnlyList<ServiceSample> History(string name)
    {
        lock (_gate) return _history.TryGetValue(name, out var q) ? [.. q] : [];
    }

    // Caller holds the gate.
    private void Sample(ServiceHealth h)
    {
        if (h.Values.Count == 0) return;
        if (!_history.TryGetValue(h.Name, out var q)) _history[h.Name] = q = new Queue<ServiceSample>();
        var at = h.Stamp.UpdatedAt;
        if (q.Count > 0 && at - q.Last().At < SampleEvery) return;
        q.Enqueue(new ServiceSample(at, new Dictionary<string, double>(h.Values, StringComparer.Ordinal)));
        while (q.Count > 0 && at - q.Peek().At > HistoryLength) q.Dequeue();
    }

    /// <summary>
    /// Makes the rows whose names start with <paramref name="prefix"/> exactly <paramref name="rows"/> (a watched
    /// cluster: deleted pods go away, the rest take the new stamp); publishes once, and only when something changed.
    /// </summary>
    public void Sync(string prefix, IReadOnlyCollection<ServiceHealth> rows)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentNullException.ThrowIfNull(rows);
        var changed = false;
        lock (_gate)
        {
            var keep = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in rows)
            {
                if (!r.Name.StartsWith(prefix, StringComparison.Ordinal)) throw new ArgumentException($"Row '{r.Name}' is not under '{prefix}'.", nameof(rows));
                keep.Add(r.Name);
            }
            var gone = _services.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && !keep.Contains(n)).ToList();
            var added = rows.Count(r => !_services.ContainsKey(r.Name));
            if (_services.Count - gone.Count + added > _max)
                throw new InvalidOperationException($"More than Store:MaxServices ({_max}) services reported.");
            foreach (var n in gone)
            {
                _services.Remove(n);
                _history.Remove(n);
            }
            changed = gone.Count > 0;
            foreach (var r in rows)
            {
                if (!_services.TryGetValue(r.Name, out var old) || old.State != r.State || old.Detail != r.Detail || old.Kind != r.Kind) changed = true;
                _services[r.Name] = r;
                Sample(r);
            }
        }
        if (changed) _hub.Publish(StoreArea.Services);
    }
}
