using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Redis;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Live;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Redis;

/// <summary>
/// Redis 6 ACL users against a real redis-server whose default user is off: the console signs in as its own
/// user, with only the commands and keys it needs (the user docs/contracts.md suggests); a wrong user name is
/// refused with a clear error on the collector's health; the password reaches no log, health or target string.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RedisAclTests : IAsyncLifetime
{
    private const string Password = "acl-pw-7f3e-redis-9931";
    private const string WriterPassword = "acl-writer-pw-5521-daq";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private RedisServer _redis = null!;

    public RedisAclTests() => _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync(
    [
        "--user", "default", "off",
        // The DAQ side: writes the contract's keys and answers commands.
        "--user", "daq", "on", ">" + WriterPassword, "~juno:*", "&juno:*", "+@all",
        // The console: reads hashes and lists, subscribes, publishes run commands; nothing else.
        "--user", "console", "on", ">" + Password, "~juno:*", "&juno:*", "-@all", "+hgetall", "+lrange", "+subscribe", "+unsubscribe", "+publish", "+ping", "+echo", "+info", "+client|setname", "+client|id", "+cluster|nodes", "+cluster|slots", "+config|get", "+hello", "+auth",
    ], WriterPassword, user: "daq");

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        _loggerFactory.Dispose();
    }

    private RedisOptions Console(string? user, string password = Password) => new()
    {
        Endpoints = [_redis.Endpoint], User = user, Password = password, ReconnectMaxDelay = TimeSpan.FromSeconds(1),
    };

    private async Task<(RedisCollector Collector, LiveStore Store)> StartAsync(RedisOptions options)
    {
        var store = TestStores.Create(TimeProvider.System, geometry: TestStores.SmallGeometry());
        var collector = new RedisCollector(store, Options.Create(options), _loggerFactory.CreateLogger<RedisCollector>());
        await collector.StartAsync(CancellationToken.None);
        return (collector, store);
    }

    [Fact]
    public async Task The_console_s_acl_user_reads_runs_and_a_wrong_user_or_no_user_is_refused_clearly()
    {
        var (collector, store) = await StartAsync(Console("console"));
        try
        {
            await Poll.UntilAsync(() => collector.Connected, Deadline, "connected as the ACL user: " + collector.Health.Snapshot() + string.Join("\n", _logs.Entries.Select(e => e.Message + e.Exception)));
            Assert.Equal($"redis://console@{_redis.Endpoint}/0", collector.Target);
            await using (var writer = await RedisLink.ConnectAsync(new RedisOptions { Endpoints = [_redis.Endpoint], User = "daq", Password = WriterPassword }, "test-writer"))
                await writer.WriteRunningAsync(6001);
            await Poll.UntilAsync(() => store.Run.Snapshot().Status?.RunNumber == 6001, Deadline, "run read by the ACL user");
            // The server saw the console as its own user, and refused it nothing it needs.
            Assert.Contains(await _redis.CliAsync("CLIENT", "LIST"), l => l.Contains("name=online-console", StringComparison.Ordinal) && l.Contains("user=console", StringComparison.Ordinal));
            var denied = await _redis.CliAsync("ACL", "LOG");
            Assert.True(denied.Length == 0, "ACL LOG: " + string.Join(" ", denied));
        }
        finally
        {
            await collector.StopAsync(CancellationToken.None);
        }

        // Same password, a user that does not exist; and the password alone (the default user is off).
        foreach (var (options, target) in new[] { (Console("nobody"), $"redis://nobody@{_redis.Endpoint}/0"), (Console(null), $"redis://{_redis.Endpoint}/0") })
        {
            (collector, store) = await StartAsync(options);
            try
            {
                await Poll.UntilAsync(() => collector.Health.Snapshot() is { State: CollectorState.Retrying, LastError: not null }, Deadline, "a wrong user is a failure");
                var error = collector.Health.Snapshot().LastError!;
                Assert.Contains("Cannot connect to " + target, error, StringComparison.Ordinal);
                Assert.Contains("authentication", error, StringComparison.OrdinalIgnoreCase);
                Assert.False(collector.Connected);
                Assert.Null(store.Run.Snapshot().Status);
            }
            finally
            {
                await collector.StopAsync(CancellationToken.None);
            }
            Assert.DoesNotContain(Password, collector.Health.Snapshot().LastError ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain(Password, collector.Target, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(Password, StringComparison.Ordinal) || (e.Exception?.Contains(Password, StringComparison.Ordinal) ?? false));
    }
}
