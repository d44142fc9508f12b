using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Dcs;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Logs;
using OnlineConsole.Core.Network;
using OnlineConsole.Core.Quality;
using OnlineConsole.Core.Replication;
using OnlineConsole.Core.Run;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Core.Live;

/// <summary>
/// The single, size-limited, in-memory state of the console. Collectors write, pages read snapshots and
/// subscribe to change batches through <see cref="Changes"/>.
/// </summary>
public sealed class LiveStore : ILiveView
{
    public LiveStore(TimeProvider time, StoreOptions options, DetectorGeometry geometry, DetectorLimitsOptions limits, AreaIntervals intervals,
        AlarmOptions? alarms = null, DcsOptions? dcs = null)
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
        Collectors = new CollectorArea(Changes, AreasFedBy);
        Alarms = new AlarmArea(Changes, time, alarms ?? new AlarmOptions(), () => Run.Snapshot().Status);
        Logs = new LogArea(Changes, options.MaxLogEntries);
        Metrics = new MetricArea(Changes, P(intervals.Metrics), options.MaxMetricSeries);
        Histograms = new HistogramArea(Changes, options.MaxHistogramRuns, options.MaxHistogramsPerRun);
        Dcs = new DcsArea(Changes, time, dcs ?? new DcsOptions());
        Leadership = new Leadership(Changes);
    }

    /// <summary>Which replica does the work that must happen once; a single console always does.</summary>
    public Leadership Leadership { get; private set; }

    /// <summary>Makes this console one of several replicas named <paramref name="replica"/>: it waits for the lease. Call before any collector starts.</summary>
    public Leadership Replicate(string replica) => Leadership = new Leadership(replica, Changes);

    public TimeProvider Time { get; }
    public StoreOptions Options { get; }
    public ChangeHub Changes { get; }
    public RunArea Run { get; }
    public ChannelArea Channels { get; }
    public NetworkArea Network { get; }
    public ServiceArea Services { get; }
    public CollectorArea Collectors { get; }
    public AlarmArea Alarms { get; }
    public LogArea Logs { get; }
    public MetricArea Metrics { get; }
    public HistogramArea Histograms { get; }
    public DcsArea Dcs { get; }

    IChangeFeed ILiveView.Changes => Changes;
    IRunView ILiveView.Run => Run;
    IChannelView ILiveView.Channels => Channels;
    INetworkView ILiveView.Network => Network;
    IServiceView ILiveView.Services => Services;
    ICollectorView ILiveView.Collectors => Collectors;
    IAlarmView ILiveView.Alarms => Alarms;
    ILogView ILiveView.Logs => Logs;
    IMetricView ILiveView.Metrics => Metrics;
    IHistogramView ILiveView.Histograms => Histograms;
    IDcsView ILiveView.Dcs => Dcs;
    ILeadershipView ILiveView.Leadership => Leadership;

    /// <summary>Store change to rendered page, recorded by the live components.</summary>
    public UpdateLatency UpdateLatency { get; } = new();

    // Every freshness shown anywhere comes from FreshnessPolicy.Classify through these methods.
    public Freshness RunFreshness(DateTimeOffset now) => Classify(Run.Policy, Run.Snapshot().Stamp, now);
    public Freshness ChannelFreshness(DateTimeOffset now) => Classify(Channels.Policy, Channels.Stamp, now);
    public Freshness NetworkFreshness(DateTimeOffset now) => Classify(Network.Policy, Network.Stamp, now);
    public Freshness ServiceFreshness(ServiceHealth s, DateTimeOffset now) => Classify(Services.Policy, s?.Stamp, now);
    public Freshness MetricFreshness(MetricSeries m, DateTimeOffset now) => Classify(Metrics.Policy, m?.Stamp, now);

    /// <summary>A DCS channel against its own expected interval (each pattern has one).</summary>
    public Freshness DcsFreshness(DcsChannel c, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Latest is { AgeUnknown: true }) return Freshness.Stale;
        return Classify(new FreshnessPolicy(c.Interval, Options.StaleAfterIntervals), c.Latest?.Stamp, now);
    }

    /// <summary>A collector's own freshness: its last success against its expected interval; stale while retrying.</summary>
    public Freshness CollectorFreshness(CollectorHealthSnapshot c, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new FreshnessPolicy(c.ExpectedInterval, Options.StaleAfterIntervals)
            .Classify(c.LastSuccess is { } t ? new SourceStamp(c.Source, t) : null, c.State == CollectorState.Retrying, now);
    }

    /// <summary>Names of the failing collectors whose source wrote what <paramref name="areas"/> show now.</summary>
    public IReadOnlyList<string> DownCollectorsFeeding(StoreArea areas)
    {
        var sources = new HashSet<string>(StringComparer.Ordinal);
        if ((areas & StoreArea.Run) != 0 && Run.Snapshot().Stamp is { } r) sources.Add(r.Source);
        if ((areas & StoreArea.Channels) != 0 && Channels.Stamp is { } c) sources.Add(c.Source);
        if ((areas & StoreArea.Network) != 0 && Network.Stamp is { } n) sources.Add(n.Source);
        if ((areas & StoreArea.Services) != 0) sources.UnionWith(Services.Snapshot().Select(s => s.Stamp.Source));
        if ((areas & StoreArea.Dcs) != 0) sources.UnionWith(Collectors.Snapshot().Select(h => h.Source).Where(Dcs.WrittenBy));
        return [.. Collectors.Snapshot().Where(h => h.State == CollectorState.Retrying && sources.Contains(h.Source)).Select(h => h.Name)];
    }

    private Freshness Classify(FreshnessPolicy policy, SourceStamp? stamp, DateTimeOffset now) =>
        policy.Classify(stamp, stamp is { } s && Collectors.IsDown(s.Source), now);

    // A collector losing or regaining its source changes the freshness of what it wrote: those areas' pages are
    // told at once, not at the next freshness tick.
    private StoreArea AreasFedBy(string source)
    {
        var areas = StoreArea.None;
        if (Run.Snapshot().Stamp?.Source == source) areas |= StoreArea.Run;
        if (Channels.Stamp?.Source == source) areas |= StoreArea.Channels;
        if (Network.Stamp?.Source == source) areas |= StoreArea.Network;
        if (Services.Snapshot().Any(s => s.Stamp.Source == source)) areas |= StoreArea.Services;
        if (Dcs.WrittenBy(source)) areas |= StoreArea.Dcs;
        return areas;
    }

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
