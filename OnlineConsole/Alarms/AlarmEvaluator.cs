using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Alarms.Rules;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;
using OnlineConsole.Core.Quality;
using OnlineConsole.Data;

namespace OnlineConsole.Alarms;

/// <summary>
/// Runs the console's own alarm rules as data arrives (each DCR frame, each network poll, each collector, run or
/// service change), lets time act on the alarms once a second, and keeps the settings database in step. At start it
/// restores what the database kept before any rule runs; what a rule no longer sees after the restart is cleared at
/// its first evaluation. With several replicas only the one holding the lease evaluates and writes (and tells the
/// others over the replica bus); the others keep the dependency graph of the network they are sent.
/// </summary>
public sealed class AlarmEvaluator(LiveStore store, AlarmJournal journal, ILogger<AlarmEvaluator> logger, Microsoft.Extensions.Options.IOptions<MetricOptions> metricOptionsAccessor,
    Replication.ReplicaSync? replicas = null) : BackgroundService
{
    private static readonly TimeSpan ErrorLogInterval = TimeSpan.FromMinutes(1);
    private DateTimeOffset _lastErrorLog = DateTimeOffset.MinValue;
    private readonly MetricOptions _metricOptions = metricOptionsAccessor.Value;

    /// <summary>Rule evaluations that threw (logged once a minute).</summary>
    public long Failures { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var kept = journal.Load();
        store.Alarms.Restore(kept, journal.LastEventId());
        logger.LogInformation("Alarms: {Count} restored from the settings database", kept.Count);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Persist();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            store.Leadership.RunWhileHolderAsync(ct => Task.WhenAll(EvaluateAsync(ct), TickAsync(ct), PersistOnChangeAsync(ct)), stoppingToken),
            FollowNetworkAsync(stoppingToken));

    /// <summary>A replica that does not hold the lease still groups alarms by root cause: from the network it is sent.</summary>
    private async Task FollowNetworkAsync(CancellationToken ct)
    {
        if (!store.Leadership.Replicated) return;
        using var subscription = store.Changes.Subscribe(StoreArea.Network);
        var topology = 0;
        try
        {
            await foreach (var _ in subscription.Reader.ReadAllAsync(ct))
            {
                if (store.Leadership.IsHolder) continue;
                var snapshot = store.Network.Snapshot;
                var shape = Shape(snapshot);
                if (shape == topology) continue;
                topology = shape;
                store.Alarms.SetDependencies(DependencyBuilder.Build(snapshot, store.Channels.Geometry, store.Alarms.Options.GcuServers));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>An operator's command is written (and sent to the other replicas) as soon as it is done, not at the next tick.</summary>
    private async Task PersistOnChangeAsync(CancellationToken ct)
    {
        if (!store.Leadership.Replicated) return;
        using var subscription = store.Changes.Subscribe(StoreArea.Alarms);
        try
        {
            await foreach (var _ in subscription.Reader.ReadAllAsync(ct)) Persist();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task EvaluateAsync(CancellationToken ct)
    {
        var alarms = store.Alarms;
        var options = alarms.Options;
        var dcr = new DcrAlarmRules(store.Channels.Geometry, options.GcuMinBadChannels, options.GcuBadFraction);
        var network = new NetworkAlarmRules();
        var console = new ConsoleAlarmRules();
        var metrics = new MetricAlarmRules(_metricOptions);
        var dcs = new DcsAlarmRules();
        foreach (var rule in new[] { BuiltInRules.NetLink, BuiltInRules.NetUnreachable, BuiltInRules.NetErrors, BuiltInRules.NetUtilization })
            network.Signals.Seed(alarms.ActiveKeys(BuiltInRules.Source, rule), k => Cleared(k, rule));
        foreach (var rule in new[] { BuiltInRules.Collector, BuiltInRules.RunError, BuiltInRules.Service })
            console.Signals.Seed(alarms.ActiveKeys(BuiltInRules.Source, rule), k => Cleared(k, rule));
        metrics.Signals.Seed(alarms.ActiveKeys(BuiltInRules.Source, BuiltInRules.Metric), k => Cleared(k, BuiltInRules.Metric));
        dcs.Signals.Seed(alarms.ActiveKeys(BuiltInRules.Source, BuiltInRules.DcsLimit), k => Cleared(k, BuiltInRules.DcsLimit));
        var restoredDcr = alarms.ActiveKeys(BuiltInRules.Source, BuiltInRules.DcrChannel).Concat(alarms.ActiveKeys(BuiltInRules.Source, BuiltInRules.DcrGcu)).ToHashSet(StringComparer.Ordinal);
        var status = new ChannelStatus[store.Channels.Geometry.Count];
        var topology = 0;

        void Run(StoreArea areas)
        {
            try
            {
                if ((areas & StoreArea.Channels) != 0)
                {
                    store.Channels.CopyStatus(status);
                    var signals = dcr.Evaluate(status);
                    if (restoredDcr.Count > 0)
                    {
                        // The first frame after a restart: what the rules did not raise again is over.
                        foreach (var s in signals) restoredDcr.Remove(s.Key);
                        signals.AddRange(restoredDcr.Select(k => Cleared(k, k.StartsWith("dcr/gcu/", StringComparison.Ordinal) ? BuiltInRules.DcrGcu : BuiltInRules.DcrChannel)));
                        restoredDcr.Clear();
                    }
                    Submit(signals);
                }
                if ((areas & StoreArea.Network) != 0)
                {
                    var snapshot = store.Network.Snapshot;
                    var shape = Shape(snapshot);
                    if (shape != topology)
                    {
                        topology = shape;
                        alarms.SetDependencies(DependencyBuilder.Build(snapshot, store.Channels.Geometry, options.GcuServers));
                    }
                    Submit(network.Evaluate(snapshot));
                }
                if ((areas & (StoreArea.Collectors | StoreArea.Run | StoreArea.Services)) != 0) Submit(console.Evaluate(store));
                if ((areas & (StoreArea.Metrics | StoreArea.Collectors)) != 0) Submit(metrics.Evaluate(store));
                if ((areas & (StoreArea.Dcs | StoreArea.Collectors)) != 0) Submit(dcs.Evaluate(store));
            }
#pragma warning disable CA1031 // A failing rule must not stop the others or the next frame.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Failures++;
                if (store.Time.GetUtcNow() - _lastErrorLog < ErrorLogInterval) return;
                _lastErrorLog = store.Time.GetUtcNow();
                logger.LogError(ex, "Alarm rules failed ({Failures} times so far)", Failures);
            }
        }

        using var subscription = store.Changes.Subscribe(StoreArea.Channels | StoreArea.Network | StoreArea.Collectors | StoreArea.Run | StoreArea.Services | StoreArea.Metrics | StoreArea.Dcs);
        Run(StoreArea.All | StoreArea.Metrics | StoreArea.Dcs);
        try
        {
            await foreach (var batch in subscription.Reader.ReadAllAsync(ct)) Run(batch.Areas);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task TickAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), store.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                store.Alarms.Tick();
                Persist();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private readonly Lock _persistGate = new();

    private void Persist()
    {
        lock (_persistGate) PersistLocked();
    }

    private void PersistLocked()
    {
        if (!store.Leadership.IsHolder) return;
        var changes = store.Alarms.DrainChanges();
        try
        {
            journal.Write(changes, store.Time.GetUtcNow());
        }
#pragma warning disable CA1031 // The database may be away for a while: the alarms keep working in memory.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Failures++;
            if (store.Time.GetUtcNow() - _lastErrorLog < ErrorLogInterval) return;
            _lastErrorLog = store.Time.GetUtcNow();
            logger.LogError(ex, "Alarms: writing {Count} changes to the settings database failed; they are lost for the history", changes.Upserted.Count + changes.Events.Count);
        }
        finally
        {
            // The other replicas take the changes even when the database is away (a replica that starts meanwhile reads what it has).
            replicas?.PublishAlarms(changes);
        }
    }

    private void Submit(List<AlarmSignal> signals)
    {
        if (signals.Count == 0) return;
        var result = store.Alarms.Submit(signals);
        if (!result.AllAccepted) logger.LogWarning("Alarm rules produced {Count} invalid signals, e.g. {Error}", result.Errors.Count, result.Errors[0]);
    }

    private static AlarmSignal Cleared(string key, string rule) =>
        new(key, false, AlarmSeverity.Warning, "") { Source = BuiltInRules.Source, Rule = rule };

    // Changes only when devices, ports or cables come or go: then the dependency graph is rebuilt.
    private static int Shape(NetworkSnapshot s)
    {
        var h = new HashCode();
        foreach (var d in s.Devices)
        {
            h.Add(d.Name);
            h.Add(d.Role);
            h.Add(d.Ports.Count);
        }
        foreach (var l in s.Links)
        {
            h.Add(l.DeviceA);
            h.Add(l.PortA);
            h.Add(l.DeviceB);
            h.Add(l.PortB);
        }
        return h.ToHashCode();
    }
}
