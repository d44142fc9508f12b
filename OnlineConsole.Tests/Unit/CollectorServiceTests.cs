using Microsoft.Extensions.Logging;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Live;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class CollectorServiceTests
{
    private sealed class AlwaysDown(LiveStore store, ILogger logger)
        : CollectorService(store, logger, "always-down", "test", TimeSpan.FromSeconds(1), new BackoffPolicy(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2)))
    {
        protected override Task RunAsync(CancellationToken stoppingToken) => throw new IOException("connection refused");
    }

    [Fact]
    public async Task A_long_outage_logs_one_warning_then_one_reminder_a_minute_and_every_retry_in_health()
    {
        var time = new ManualTimeProvider();
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var service = new AlwaysDown(TestStores.Create(time), factory.CreateLogger("test"));
        await service.StartAsync(CancellationToken.None);

        // 250 s of outage in 0.25 s steps (shorter than the shortest backoff, so one retry at most per step); the
        // service always has its retry timer armed between attempts.
        for (var step = 0; step < 1000; step++)
        {
            await Poll.UntilAsync(() => time.ActiveTimers > 0, TimeSpan.FromSeconds(5), $"retry scheduled at step {step}");
            time.Advance(TimeSpan.FromSeconds(0.25));
        }
        await service.StopAsync(CancellationToken.None);

        var warnings = logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        // At 0 s, then at 60, 120, 180 and 240 s of outage.
        Assert.Equal(5, warnings.Count);
        Assert.Contains("(1 in a row, down for 0 s)", warnings[0], StringComparison.Ordinal);
        Assert.Matches(@"down for 24\d s", warnings[^1]);
        Assert.All(warnings, w => Assert.Contains("connection refused", w, StringComparison.Ordinal));
        // Backoff 0.5, 1, 2, 2, ... s (+-20 %): about 125 attempts, every one in health, the rest at debug level.
        var failures = service.Health.Snapshot().ConsecutiveFailures;
        Assert.InRange(failures, 100, 160);
        Assert.Equal(failures - 5, logs.Entries.Count(e => e.Level == LogLevel.Debug && e.Message.Contains("failed again", StringComparison.Ordinal)));
    }
}
