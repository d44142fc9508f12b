using System.Globalization;
using OnlineConsole.Collectors.Redis;

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
}
