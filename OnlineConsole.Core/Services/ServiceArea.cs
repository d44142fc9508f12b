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
}
