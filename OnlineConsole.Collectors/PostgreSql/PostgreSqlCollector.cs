using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Collectors.PostgreSql;

/// <summary>
/// Connects to every configured PostgreSQL server each interval, all at once: up and its role (primary with its
/// streaming replicas, or replica with its replay lag), connections and version; a replica behind by more than
/// <see cref="PostgreSqlOptions.MaxReplicationLag"/> is degraded, a server that does not answer in time is down.
/// </summary>
public sealed class PostgreSqlCollector : PollingCollector
{
    public const string Kind = "postgresql";

    private const string Query = """
        SELECT pg_is_in_recovery(),
               CASE WHEN pg_is_in_recovery() THEN EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END,
               (SELECT count(*) FROM pg_stat_replication),
               (SELECT count(*) FROM pg_stat_activity),
               current_setting('server_version')
        """;

    private readonly PostgreSqlOptions _options;

    public PostgreSqlCollector(LiveStore store, IOptions<PostgreSqlOptions> options, ILogger<PostgreSqlCollector> logger)
        : base(store, logger, "postgresql", Kind, options?.Value.PollInterval ?? TimeSpan.FromSeconds(10), "PostgreSQL server")
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    public static string ServiceName(string instance) => $"{Kind}/{instance}";

    protected override int TargetCount => _options.Instances.Count;

    protected override async Task<int> PollTargetsAsync(CancellationToken ct) =>
        (await Task.WhenAll(_options.Instances.Select(i => CheckAsync(i, ct)))).Count(a => a);

    private async Task<bool> CheckAsync(PostgreSqlInstanceOptions instance, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(instance.ConnectionString)
        {
            Timeout = Math.Max(1, (int)_options.Timeout.TotalSeconds),
            CommandTimeout = Math.Max(1, (int)_options.Timeout.TotalSeconds),
            Pooling = false,
            ApplicationName = "OnlineConsole health",
        };
        // What the page shows of the server: host, port, database; never the user's password.
        var shown = $"{builder.Host}:{builder.Port}/{builder.Database}";
        List<KeyValuePair<string, string>> facts = [new("Pg.Fact.Server", shown)];
        ServiceState state;
        string detail;
        var answered = false;
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(_options.Timeout);
            await using var c = new NpgsqlConnection(builder.ConnectionString);
            await c.OpenAsync(cts.Token);
            await using var cmd = new NpgsqlCommand(Query, c);
            await using var r = await cmd.ExecuteReaderAsync(cts.Token);
            await r.ReadAsync(cts.Token);
            var replica = r.GetBoolean(0);
            double? lag = r.IsDBNull(1) ? null : Convert.ToDouble(r.GetValue(1), CultureInfo.InvariantCulture);
            var replicas = r.GetInt64(2);
            var connections = r.GetInt64(3);
            var version = r.GetString(4);
            answered = true;
            Health.CountReceived();
            facts.Add(new("Pg.Fact.Role", replica ? "replica" : "primary"));
            facts.Add(replica
                ? new("Pg.Fact.Lag", lag is { } l ? l.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "—")
                : new("Pg.Fact.Replicas", replicas.ToString(CultureInfo.InvariantCulture)));
            facts.Add(new("Pg.Fact.Connections", connections.ToString(CultureInfo.InvariantCulture)));
            facts.Add(new("Pg.Fact.Version", version));
            // A replica that has replayed nothing yet has no lag to show; one far behind serves old data.
            var behind = replica && lag is { } lg && lg > _options.MaxReplicationLag.TotalSeconds;
            state = behind ? ServiceState.Degraded : ServiceState.Up;
            detail = replica
                ? $"replica, {(lag is { } x ? x.ToString("0.0", CultureInfo.InvariantCulture) + " s behind" : "no replay yet")}"
                : $"primary, {replicas} streaming replica(s), {connections} connections";
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            (state, detail) = (ServiceState.Down, "unreachable: " + (e is OperationCanceledException ? $"no answer within {_options.Timeout.TotalSeconds:0.#} s" : FirstLine(e.Message)));
        }
        Store.Services.Report(new ServiceHealth(ServiceName(instance.Name), Kind, state, detail, new SourceStamp(Kind, Time.GetUtcNow())) { Facts = facts });
        return answered;
    }
}
