using OnlineConsole.Core.Live;

namespace OnlineConsole.Hosting;

/// <summary>Once a second, turns silent sources into fresh-to-stale changes that pages are told about.</summary>
public sealed class FreshnessTicker(FreshnessMonitor monitor, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) monitor.Evaluate();
        }
        catch (OperationCanceledException)
        {
            // Host is stopping.
        }
    }
}
