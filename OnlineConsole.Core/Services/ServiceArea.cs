using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Services;

public sealed class ServiceArea : IServiceView
{
    private readonly ChangeHub _hub;
    private readonly int _max;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServiceHealth> _services = new(StringComparer.Ordinal);

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
        }
        if (changed) _hub.Publish(StoreArea.Services);
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
            foreach (var n in gone) _services.Remove(n);
            changed = gone.Count > 0;
            foreach (var r in rows)
            {
                if (!_services.TryGetValue(r.Name, out var old) || old.State != r.State || old.Detail != r.Detail || old.Kind != r.Kind) changed = true;
                _services[r.Name] = r;
            }
        }
        if (changed) _hub.Publish(StoreArea.Services);
    }
}
