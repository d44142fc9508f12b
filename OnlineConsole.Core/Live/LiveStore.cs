using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Network;
using OnlineConsole.Core.Run;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Core.Live;

/// <summary>Expected update interval of each area, from which staleness follows.</summary>
public sealed record AreaIntervals(TimeSpan Run, TimeSpan Channels, TimeSpan Network, TimeSpan Services)
{
    public static AreaIntervals Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
}

/// <summary>
/// The single, size-limited, in-memory state of the console. Collectors write, pages read snapshots and
/// subscribe to change batches through <see cref="Changes"/>.
/// </summary>
public sealed class LiveStore
{
    public LiveStore(TimeProvider time, StoreOptions options, DetectorGeometry geometry, DetectorLimitsOptions limits, AreaIntervals intervals)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(intervals);
        var errors = options.Validate().Concat(limits.Validate()).ToList();
        if (errors.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        Time = time;
        Options = options;
        Changes = new ChangeHub(time, options);
        FreshnessPolicy P(TimeSpan t) => new(t, options.StaleAfterIntervals);
        Run = new RunArea(Changes, P(intervals.Run));
        Channels = new ChannelArea(Changes, time, geometry, limits, P(intervals.Channels), options.HistorySeconds, options.HistoryMinutes);
        Network = new NetworkArea(Changes, P(intervals.Network), options.MaxNetworkDevices, new PortHistory(intervals.Network, options.MaxPortHistories));
        Services = new ServiceArea(Changes, P(intervals.Services), options.MaxServices);
        Collectors = new CollectorArea(Changes);
    }

    public TimeProvider Time { get; }
    public StoreOptions Options { get; }
    public ChangeHub Changes { get; }
    public RunArea Run { get; }
    public ChannelArea Channels { get; }
    public NetworkArea Network { get; }
    public ServiceArea Services { get; }
    public CollectorArea Collectors { get; }

    /// <summary>Store change to rendered page, recorded by the live components.</summary>
    public UpdateLatency UpdateLatency { get; } = new();

    public Freshness RunFreshness(DateTimeOffset now) => Run.Policy.Classify(Run.Snapshot().Stamp, now);
    public Freshness ChannelFreshness(DateTimeOffset now) => Channels.Policy.Classify(Channels.Stamp, now);
    public Freshness NetworkFreshness(DateTimeOffset now) => Network.Policy.Classify(Network.Stamp, now);
    public Freshness ServiceFreshness(ServiceHealth s, DateTimeOffset now) => Services.Policy.Classify(s?.Stamp, now);

    /// <summary>The oldest write time among the primary data (run and channels); drives the header's data age.</summary>
    public SourceStamp? OldestPrimaryStamp()
    {
        var run = Run.Snapshot().Stamp;
        var ch = Channels.Stamp;
        if (run is null) return ch;
        if (ch is null) return run;
        return run.Value.UpdatedAt <= ch.Value.UpdatedAt ? run : ch;
    }
}

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
            {
                var f = c.LastSuccess is { } t ? new FreshnessPolicy(c.ExpectedInterval, _store.Options.StaleAfterIntervals).Classify(new SourceStamp(c.Source, t), now) : Freshness.Missing;
                Check("col:" + c.Name, f, StoreArea.Collectors, ref changed);
            }
        }
        // Stale channels are counted in the summary; recount when the channel area changed freshness.
        if ((changed & StoreArea.Channels) != 0) _store.Channels.CompleteFrame();
        _store.Changes.Publish(changed & ~StoreArea.Channels);
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
