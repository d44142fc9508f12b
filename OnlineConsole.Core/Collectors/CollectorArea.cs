using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Collectors;

/// <summary>Every collector's health; a collector's state change also tells the pages of the areas it feeds.</summary>
public sealed class CollectorArea : ICollectorView
{
    private readonly ChangeHub _hub;
    private readonly Func<string, StoreArea> _areasFedBy;
    private readonly Lock _gate = new();
    private readonly List<CollectorHealth> _collectors = [];

    /// <param name="hub">Where changes are published.</param>
    /// <param name="areasFedBy">The store areas whose current values came from a source.</param>
    public CollectorArea(ChangeHub hub, Func<string, StoreArea> areasFedBy)
    {
        _hub = hub;
        _areasFedBy = areasFedBy;
    }

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

    /// <summary>Removes a collector that no longer exists (a deleted contact point); false when none had the name.</summary>
    public bool Unregister(string name)
    {
        lock (_gate) return _collectors.RemoveAll(c => c.Name == name) > 0;
    }

    public IReadOnlyList<CollectorHealthSnapshot> Snapshot()
    {
        lock (_gate) return [.. _collectors.Select(c => c.Snapshot())];
    }

    /// <summary>True when a collector reading <paramref name="source"/> is failing and retrying.</summary>
    public bool IsDown(string source)
    {
        lock (_gate) return _collectors.Any(c => c.Source == source && c.State == CollectorState.Retrying);
    }

    // A state change turns the badges of the areas the collector feeds stale or live: urgent.
    internal void Changed(string source, bool stateChanged) =>
        _hub.Publish(StoreArea.Collectors | (stateChanged ? _areasFedBy(source) : StoreArea.None), urgent: stateChanged);
}
