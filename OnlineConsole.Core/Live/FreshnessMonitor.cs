namespace OnlineConsole.Core.Live;

/// <summary>
/// Turns the passage of time into changes: when an area goes from fresh to stale (its source went silent), no
/// write happens, so this is what tells pages. Call <see cref="Evaluate"/> about once a second.
/// </summary>
public sealed class FreshnessMonitor
{
    private readonly LiveStore _store;
    private readonly Dictionary<string, Freshness> _last = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public FreshnessMonitor(LiveStore store) => _store = store;

    /// <summary>Publishes the areas whose freshness changed since the previous call; returns them.</summary>
    public StoreArea Evaluate()
    {
        var now = _store.Time.GetUtcNow();
        var changed = StoreArea.None;
        lock (_gate)
        {
            Check("run", _store.RunFreshness(now), StoreArea.Run, ref changed);
            Check("channels", _store.ChannelFreshness(now), StoreArea.Channels, ref changed);
            Check("network", _store.NetworkFreshness(now), StoreArea.Network, ref changed);
            foreach (var s in _store.Services.Snapshot())
                Check("svc:" + s.Name, _store.ServiceFreshness(s, now), StoreArea.Services, ref changed);
            foreach (var c in _store.Collectors.Snapshot())
                Check("col:" + c.Name, _store.CollectorFreshness(c, now), StoreArea.Collectors, ref changed);
        }
        // Stale channels are counted in the summary; recount when the channel area changed freshness.
        if ((changed & StoreArea.Channels) != 0) _store.Channels.CompleteFrame(urgent: true);
        _store.Changes.Publish(changed & ~StoreArea.Channels, urgent: true);
        return changed;
    }

    private void Check(string key, Freshness now, StoreArea area, ref StoreArea changed)
    {
        if (_last.TryGetValue(key, out var before) && before == now) return;
        var isFirst = !_last.ContainsKey(key);
        _last[key] = now;
        if (!isFirst) changed |= area;
    }
}
