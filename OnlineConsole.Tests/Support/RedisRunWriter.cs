using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Redis;
using OnlineConsole.Collectors.Simulation;

namespace OnlineConsole.Tests.Support;

/// <summary>The run controller's side of docs/contracts.md in one call, for tests that play it by hand.</summary>
public static class RedisRunWriter
{
    /// <summary>Writes a running physics run with this number to juno:run:current and announces it.</summary>
    public static async Task WriteRunningAsync(this RedisLink link, int number)
    {
        ArgumentNullException.ThrowIfNull(link);
        var n = number.ToString(CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await link.HashSetAsync("juno:run:current", [new("number", n), new("state", "running"), new("type", "physics"), new("start", now), new("updated", now), new("source", "run-control")]);
        await link.PublishAsync("juno:run:changed", n);
    }

    /// <summary>The simulated run controller (runs and all rates at 1 Hz) writing into <paramref name="redis"/>, started; stop it with StopAsync.</summary>
    public static async Task<RedisRunControllerSimulator> StartControllerAsync(RedisServer redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var writer = new RedisRunControllerSimulator(TestStores.Create(TimeProvider.System),
            Options.Create(new RedisOptions { Endpoints = [redis.Endpoint], ReconnectMaxDelay = TimeSpan.FromSeconds(1) }),
            Options.Create(new SimulatorOptions { Servers = 0 }), NullLogger<RedisRunControllerSimulator>.Instance);
        await writer.StartAsync(CancellationToken.None);
        return writer;
    }
}
