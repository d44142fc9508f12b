using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.PostgreSql;
using OnlineConsole.Core.Services;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.PostgreSql;

/// <summary>The PostgreSQL health check against a real server, a closed port and a port that never answers.</summary>
[Trait("Category", "Integration")]
public sealed class PostgreSqlCollectorTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task A_real_primary_is_up_with_its_role_and_the_unreachable_ones_are_down_at_once_without_their_password()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var store = TestStores.Create(TimeProvider.System);
        var collector = new PostgreSqlCollector(store, Options.Create(new PostgreSqlOptions
        {
            Timeout = TimeSpan.FromSeconds(1),
            Instances =
            [
                new() { Name = "settings", ConnectionString = postgres.ConnectionString + ";Password=hunter2" },
                new() { Name = "closed", ConnectionString = $"Host=127.0.0.1;Port={AppProcess.FreeTcpPort()};Username=oc;Password=hunter2" },
                new() { Name = "silent", ConnectionString = $"Host=127.0.0.1;Port={((IPEndPoint)silent.LocalEndpoint).Port};Username=oc;Password=hunter2" },
            ],
        }), NullLogger<PostgreSqlCollector>.Instance);

        await collector.PollOnceAsync(CancellationToken.None);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(1, await collector.PollOnceAsync(CancellationToken.None));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"poll took {watch.Elapsed}");

        ServiceHealth Row(string name) => store.Services.Snapshot().Single(s => s.Name == PostgreSqlCollector.ServiceName(name));
        var up = Row("settings");
        Assert.Equal(ServiceState.Up, up.State);
        Assert.StartsWith("primary, 0 streaming replica(s), ", up.Detail, StringComparison.Ordinal);
        Assert.Contains(up.Facts, f => f.Key == "Pg.Fact.Role" && f.Value == "primary");
        Assert.Contains(up.Facts, f => f.Key == "Pg.Fact.Version" && f.Value.Length > 0);
        Assert.Equal(ServiceState.Down, Row("closed").State);
        Assert.StartsWith("unreachable: ", Row("closed").Detail, StringComparison.Ordinal);
        Assert.Equal(ServiceState.Down, Row("silent").State);
        Assert.DoesNotContain(store.Services.Snapshot(), s => (s.Detail ?? "").Contains("hunter2", StringComparison.Ordinal)
            || s.Facts.Any(f => f.Value.Contains("hunter2", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_real_streaming_replica_shows_its_lag_and_the_primary_counts_it_until_the_replica_dies()
    {
        var replica = await postgres.StartReplicaAsync();
        var store = TestStores.Create(TimeProvider.System);
        var collector = new PostgreSqlCollector(store, Options.Create(new PostgreSqlOptions
        {
            Timeout = TimeSpan.FromSeconds(2),
            Instances = [new() { Name = "primary", ConnectionString = postgres.ConnectionString }, new() { Name = "standby", ConnectionString = replica }],
        }), NullLogger<PostgreSqlCollector>.Instance);
        ServiceHealth Row(string name) => store.Services.Snapshot().Single(s => s.Name == PostgreSqlCollector.ServiceName(name));

        // A write on the primary gives the replica something to replay, and so a lag to report.
        await using (var c = new Npgsql.NpgsqlConnection(postgres.ConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("CREATE TABLE IF NOT EXISTS beat(t timestamptz); INSERT INTO beat VALUES (now())", c);
            await cmd.ExecuteNonQueryAsync();
        }
        await Poll.UntilAsync(async () => await collector.PollOnceAsync(CancellationToken.None) == 2
            && Row("primary").Detail!.StartsWith("primary, 1 streaming replica(s)", StringComparison.Ordinal)
            && Row("standby").Detail!.EndsWith(" s behind", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "primary and replica seen streaming");
        Assert.Equal(ServiceState.Up, Row("standby").State);
        Assert.Contains(Row("standby").Facts, f => f.Key == "Pg.Fact.Role" && f.Value == "replica");
        Assert.Matches(@"^\d+\.\d s$", Row("standby").Facts.Single(f => f.Key == "Pg.Fact.Lag").Value);

        postgres.KillReplica();
        await Poll.UntilAsync(async () => await collector.PollOnceAsync(CancellationToken.None) == 1
            && Row("primary").Detail!.StartsWith("primary, 0 streaming replica(s)", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the primary without its replica");
        Assert.Equal(ServiceState.Down, Row("standby").State);
    }
}
