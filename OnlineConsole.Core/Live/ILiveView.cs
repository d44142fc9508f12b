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
/// The live store as pages see it: snapshots, freshness and change batches, no write method. Collectors hold the
/// <see cref="LiveStore"/> itself; control actions reach the store only through the guarded action services.
/// </summary>
public interface ILiveView
{
    TimeProvider Time { get; }
    StoreOptions Options { get; }
    IChangeFeed Changes { get; }
    IRunView Run { get; }
    IChannelView Channels { get; }
    INetworkView Network { get; }
    IServiceView Services { get; }
    ICollectorView Collectors { get; }
    IAlarmView Alarms { get; }
    ILogView Logs { get; }
    IMetricView Metrics { get; }
    IHistogramView Histograms { get; }
    IDcsView Dcs { get; }
    ILeadershipView Leadership { get; }
    UpdateLatency UpdateLatency { get; }

    Freshness RunFreshness(DateTimeOffset now);
    Freshness ChannelFreshness(DateTimeOffset now);
    Freshness NetworkFreshness(DateTimeOffset now);
    Freshness ServiceFreshness(ServiceHealth s, DateTimeOffset now);
    Freshness MetricFreshness(MetricSeries m, DateTimeOffset now);
    Freshness DcsFreshness(DcsChannel c, DateTimeOffset now);
    Freshness CollectorFreshness(CollectorHealthSnapshot c, DateTimeOffset now);
    IReadOnlyList<string> DownCollectorsFeeding(StoreArea areas);
    SourceStamp? OldestPrimaryStamp();
}
