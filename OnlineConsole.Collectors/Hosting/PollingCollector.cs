using Microsoft.Extensions.Logging;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Hosting;

/// <summary>
/// A collector that reads all its targets at once every interval (a slow target costs its own timeout, never
/// another's): healthy when any target answered, failing (and so retried with backoff) when none did.
/// </summary>
public abstract class PollingCollector : CollectorService
{
    private readonly TimeSpan _interval;
    private readonly string _targets;

    /// <param name="targets">What answers, for the error when none does ("supervisord", "PostgreSQL server").</param>
    protected PollingCollector(LiveStore store, ILogger logger, string name, string source, TimeSpan interval, string targets)
        : base(store, logger, name, source, interval)
    {
        _interval = interval;
        _targets = targets;
    }

    /// <summary>An error's first line, for a row's detail (libraries append stack-like context after it).</summary>
    protected static string FirstLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Split('\n')[0].Trim();
    }

    /// <summary>How many targets are configured; with none, not answering is no failure.</summary>
    protected abstract int TargetCount { get; }

    /// <summary>Reads every target at once and writes what it read; returns how many answered.</summary>
    protected abstract Task<int> PollTargetsAsync(CancellationToken ct);

    /// <summary>One round over every target; returns how many answered.</summary>
    public async Task<int> PollOnceAsync(CancellationToken ct)
    {
        var answered = await PollTargetsAsync(ct);
        if (answered > 0) Health.Succeeded(Time.GetUtcNow());
        return answered;
    }

    protected sealed override async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await PollOnceAsync(stoppingToken) == 0 && TargetCount > 0) throw new InvalidOperationException($"No {_targets} answered.");
            await Task.Delay(_interval, Time, stoppingToken);
        }
    }
}
