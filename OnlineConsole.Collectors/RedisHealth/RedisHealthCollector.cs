using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;
using System.Net.Sockets;

namespace OnlineConsole.Collectors.RedisHealth;

/// <summary>
/// Reads INFO from every configured Redis server each interval, all at once: role and replication (a replica whose
/// link to its master is down is degraded), clients, memory against maxmemory, evictions since the last read.
/// A fresh connection each read; a server that does not answer in time is down, one that refuses the login says so.
/// </summary>
public sealed class RedisHealthCollector : PollingCollector
{
    public const string Kind = "redis";

    private readonly RedisHealthOptions _options;
    private readonly ConcurrentDictionary<string, long> _evicted = new(StringComparer.Ordinal);

    public RedisHealthCollector(LiveStore store, IOptions<RedisHealthOptions> options, ILogger<RedisHealthCollector> logger)
        : base(store, logger, "redis-health", Kind, options?.Value.PollInterval ?? TimeSpan.FromSeconds(10), "Redis server")
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    public static string ServiceName(string instance) => $"{Kind}/{instance}";

    protected override int TargetCount => _options.Instances.Count;

    protected override async Task<int> PollTargetsAsync(CancellationToken ct) =>
        (await Task.WhenAll(_options.Instances.Select(i => CheckAsync(i, ct)))).Count(a => a);

    private async Task<bool> CheckAsync(RedisHealthInstanceOptions instance, CancellationToken ct)
    {
        List<KeyValuePair<string, string>> facts = [new("Redis.Fact.Server", instance.Endpoint)];
        ServiceState state;
        string detail;
        var answered = false;
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(_options.Timeout);
            var reply = await RedisInfoClient.ReadAsync(instance.Endpoint, instance.User, instance.Password, cts.Token);
            answered = true;
            RedisInfo info;
            try
            {
                info = RedisInfo.Parse(reply);
            }
            catch (FormatException e)
            {
                Health.CountMalformed(instance.Name, 1);
                throw new InvalidDataException("malformed INFO reply: " + e.Message, e);
            }
            Health.CountReceived();
            (state, detail) = Judge(instance, info, facts);
        }
        catch (Exception e) when (e is RedisRefusedException or IOException or SocketException or InvalidDataException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            (state, detail) = (ServiceState.Down, e switch
            {
                InvalidDataException => e.Message,
                // "WRONGPASS ...", "NOAUTH ...": what the server said, which names no secret.
                RedisRefusedException => "refused: " + FirstLine(e.Message),
                OperationCanceledException => $"unreachable: no answer within {_options.Timeout.TotalSeconds:0.#} s",
                _ => "unreachable: " + FirstLine(e.Message),
            });
        }
        Store.Services.Report(new ServiceHealth(ServiceName(instance.Name), Kind, state, detail, new SourceStamp(Kind, Time.GetUtcNow())) { Facts = facts });
        return answered;
    }

    private (ServiceState, string) Judge(RedisHealthInstanceOptions instance, RedisInfo info, List<KeyValuePair<string, string>> facts)
    {
        var problems = new List<string>();
        var role = info.Role;
        facts.Add(new("Redis.Fact.Role", role == "slave" ? "replica" : role));
        if (role == "master")
        {
            var replicas = info.Replicas;
            facts.Add(new("Redis.Fact.Replicas", replicas.Count == 0 ? "0"
                : string.Join(", ", replicas.Select(r => $"{r.GetValueOrDefault("ip")}:{r.GetValueOrDefault("port")} {r.GetValueOrDefault("state")} (lag {r.GetValueOrDefault("lag")} s)"))));
            foreach (var r in replicas.Where(r => r.GetValueOrDefault("state") is not ("online" or null)))
                problems.Add($"replica {r.GetValueOrDefault("ip")}:{r.GetValueOrDefault("port")} is {r.GetValueOrDefault("state")}");
        }
        else
        {
            var link = info["master_link_status"] ?? "?";
            facts.Add(new("Redis.Fact.Master", $"{info["master_host"]}:{info["master_port"]} ({link})"));
            if (link != "up") problems.Add($"link to master {info["master_host"]}:{info["master_port"]} is {link}");
        }
        facts.Add(new("Redis.Fact.Clients", $"{info.Number("connected_clients") ?? 0} ({info.Number("blocked_clients") ?? 0} blocked)"));
        var used = info.Number("used_memory") ?? 0;
        var max = info.Number("maxmemory") ?? 0;
        facts.Add(new("Redis.Fact.Memory", max > 0
            ? $"{RedisInfo.Bytes(used)} of {RedisInfo.Bytes(max)} ({100.0 * used / max:0} %)"
            : $"{RedisInfo.Bytes(used)} (no maxmemory)"));
        if (max > 0 && used > _options.MaxMemoryFraction * max) problems.Add($"memory at {100.0 * used / max:0} % of maxmemory");
        var evicted = info.Number("evicted_keys") ?? 0;
        facts.Add(new("Redis.Fact.Evicted", evicted.ToString(CultureInfo.InvariantCulture)));
        // Evictions since the last read (the counter only grows, and restarts at 0 with the server).
        if (_evicted.TryGetValue(instance.Name, out var before) && evicted > before) problems.Add($"{evicted - before} keys evicted since the last read");
        _evicted[instance.Name] = evicted;
        facts.Add(new("Redis.Fact.Version", info.Version));
        if (info.Number("uptime_in_seconds") is { } up) facts.Add(new("Redis.Fact.Uptime", TimeSpan.FromSeconds(up).ToString(@"d\d\ hh\:mm\:ss", CultureInfo.InvariantCulture)));
        var summary = role == "master" ? $"master, {info.Replicas.Count} replica(s), {info.Number("connected_clients") ?? 0} clients" : $"replica of {info["master_host"]}:{info["master_port"]}";
        return problems.Count > 0 ? (ServiceState.Degraded, string.Join("; ", problems)) : (ServiceState.Up, summary);
    }
}
