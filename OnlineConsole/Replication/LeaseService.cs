using System.Diagnostics;
using Microsoft.Extensions.Options;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Live;
using OnlineConsole.Collectors.Replication;
using OnlineConsole.Data;

namespace OnlineConsole.Replication;

/// <summary>
/// Takes and renews the holder lease for this replica, and reports who holds it to <see cref="Core.Replication.Leadership"/>
/// (the Collectors page shows it as the "ha:lease" row). A holder that cannot renew steps down before its lease can
/// run out, judged on its own monotonic clock from the start of its last successful renewal, so two replicas never
/// both believe they hold it.
/// </summary>
public sealed partial class LeaseService : BackgroundService
{
    public const string LeaseName = "holder";

    private readonly LiveStore _store;
    private readonly LeaseStore _leases;
    private readonly HaOptions _options;
    private readonly ILogger<LeaseService> _logger;
    private readonly CollectorHealth _health;
    private long _validUntil; // Stopwatch ticks

    public LeaseService(LiveStore store, LeaseStore leases, IOptions<HaOptions> options, ILogger<LeaseService> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _leases = leases;
        _options = options.Value;
        _logger = logger;
        _health = store.Collectors.Register("ha:lease", "ha", _options.RenewInterval);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var leadership = _store.Leadership;
        var replica = leadership.Replica;
        _health.SetState(CollectorState.Running);
        using var timer = new PeriodicTimer(_options.RenewInterval);
        try
        {
            do
            {
                var started = Stopwatch.GetTimestamp();
                var now = _store.Time.GetUtcNow();
                try
                {
                    // A database that hangs (not refuses) must not hold this loop past the lease: a holder waits no longer
                    // than its lease is surely valid, so the step-down below comes in time, whatever the driver's timeouts.
                    var wait = _options.LeaseTtl / 2;
                    if (leadership.IsHolder)
                    {
                        var left = Stopwatch.GetElapsedTime(started, Volatile.Read(ref _validUntil));
                        if (left < wait) wait = left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1);
                    }
                    var lease = await Task.Run(() => _leases.TryTake(LeaseName, replica, _options.LeaseTtl), stoppingToken).WaitAsync(wait, stoppingToken);
                    var before = (leadership.Holder, leadership.Epoch);
                    if (lease.Holder == replica)
                    {
                        Volatile.Write(ref _validUntil, started + (long)((_options.LeaseTtl - _options.RenewInterval).TotalSeconds * Stopwatch.Frequency));
                        leadership.Acquired(replica, lease.Since, lease.Epoch, now);
                    }
                    else
                    {
                        leadership.Lost(lease.Holder, lease.Since, lease.Epoch, now);
                    }
                    if (before != (lease.Holder, lease.Epoch))
                    {
                        LogHolder(lease.Holder, lease.Epoch, lease.Holder == replica ? "this replica" : "another replica");
                    }
                    _health.SetGauge("epoch", lease.Epoch);
                    _health.Succeeded(now);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _health.Failed(now, ex.Message);
                    // Cannot renew: stop acting as holder before the lease can run out and another replica take it.
                    if (leadership.IsHolder && Stopwatch.GetTimestamp() >= Volatile.Read(ref _validUntil))
                    {
                        leadership.Lost(null, null, leadership.Epoch, now);
                        LogSteppedDown(ex.Message);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: below.
        }
        if (leadership.IsHolder)
        {
            leadership.Lost(null, null, leadership.Epoch);
            try
            {
                _leases.Release(LeaseName, replica);
            }
#pragma warning disable CA1031 // The lease runs out by itself when it cannot be given back.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogReleaseFailed(ex.Message);
            }
        }
        _health.SetState(CollectorState.Stopped);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Holder lease: {Holder} holds it (epoch {Epoch}, {Who})")]
    private partial void LogHolder(string holder, long epoch, string who);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Holder lease could not be renewed in time; this replica stepped down: {Error}")]
    private partial void LogSteppedDown(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Holder lease could not be given back at stop (it runs out by itself): {Error}")]
    private partial void LogReleaseFailed(string error);
}
