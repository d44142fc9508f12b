using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Hosting;

/// <summary>
/// Base of every collector: runs <see cref="RunAsync"/>, and when it fails records the error in the collector's
/// health and retries with exponential backoff (with jitter, capped). A collector never takes the host down.
/// </summary>
public abstract class CollectorService : BackgroundService
{
    /// <summary>During an outage, a retry is logged as a warning at most this often (the others at debug level).</summary>
    public static readonly TimeSpan OutageReminder = TimeSpan.FromMinutes(1);

    private readonly ILogger _logger;

    protected CollectorService(LiveStore store, ILogger logger, string name, string source, TimeSpan expectedInterval, BackoffPolicy? backoff = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        Store = store;
        _logger = logger;
        Health = store.Collectors.Register(name, source, expectedInterval);
        Backoff = backoff ?? BackoffPolicy.Default;
    }

    protected LiveStore Store { get; }
    protected TimeProvider Time => Store.Time;
    public CollectorHealth Health { get; }
    protected BackoffPolicy Backoff { get; }

    /// <summary>Runs until cancelled; throws to report a failure (the base retries).</summary>
    protected abstract Task RunAsync(CancellationToken stoppingToken);

    /// <summary>
    /// True for work that must happen once among replicas (polling devices, receiving syslog): it runs only on the
    /// replica holding the lease, and stops the moment that replica loses it.
    /// </summary>
    protected virtual bool HolderOnly => false;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before any collector work competes with it.
        await Task.Yield();
        if (HolderOnly)
        {
            await Store.Leadership.RunWhileHolderAsync(RunWithRetriesAsync, stoppingToken, () => Health.SetState(CollectorState.Standby));
            Health.SetState(CollectorState.Stopped);
        }
        else
        {
            await RunWithRetriesAsync(stoppingToken);
        }
    }

    private async Task RunWithRetriesAsync(CancellationToken stoppingToken)
    {
        Health.SetState(CollectorState.Running);
        var failures = 0;
        DateTimeOffset? outageSince = null, warnedAt = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunAsync(stoppingToken);
                break;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // A success since the previous failure resets the backoff.
                failures = Health.Snapshot().ConsecutiveFailures == 0 ? 1 : failures + 1;
                var now = Time.GetUtcNow();
                Health.Failed(now, ex.Message);
                var delay = Backoff.Delay(failures);
                // One warning when an outage starts, then a reminder a minute: a source down for an hour with
                // retries every 2 s must not bury the rest of the log (the Collectors page shows every attempt).
                if (failures == 1 || outageSince is null) outageSince = now;
                if (failures == 1 || warnedAt is null || now - warnedAt >= OutageReminder)
                {
                    warnedAt = now;
                    _logger.LogWarning("Collector {Collector} failed ({Failures} in a row, down for {Down:0} s), retrying in {Delay:0.0} s: {Error}",
                        Health.Name, failures, (now - outageSince.Value).TotalSeconds, delay.TotalSeconds, ex.Message);
                }
                else
                {
                    _logger.LogDebug("Collector {Collector} failed again ({Failures} in a row), retrying in {Delay:0.0} s: {Error}", Health.Name, failures, delay.TotalSeconds, ex.Message);
                }
                try
                {
                    await Task.Delay(delay, Time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        if (!HolderOnly) Health.SetState(CollectorState.Stopped);
    }
}

/// <summary>Exponential backoff: Initial x 2^(n-1), capped at Max, +-20% jitter so many collectors do not retry in step.</summary>
public sealed record BackoffPolicy(TimeSpan Initial, TimeSpan Max)
{
    public static BackoffPolicy Default { get; } = new(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30));

    public TimeSpan Delay(int failures)
    {
        var exp = Math.Min(failures - 1, 20);
        var raw = Math.Min(Initial.TotalMilliseconds * Math.Pow(2, Math.Max(0, exp)), Max.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(Math.Min(raw * jitter, Max.TotalMilliseconds));
    }
}
