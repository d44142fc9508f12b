using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Collectors.ZooKeeper;

/// <summary>
/// Reads every server of every configured ensemble with <c>mntr</c> each interval, all at once (a dead server's
/// timeout delays no other), and writes one row per server under one row per ensemble: leader, followers, latency,
/// outstanding requests, znodes, watches; the ensemble up with all members serving, degraded with a quorum and a
/// member missing, down without a quorum.
/// </summary>
public sealed class ZooKeeperCollector : PollingCollector
{
    public const string Kind = "zookeeper";
    public const string EnsembleKind = "zookeeper ensemble";

    private readonly ZooKeeperOptions _options;
    private readonly ILogger<ZooKeeperCollector> _logger;
    private readonly MalformedLog _malformedLog = new();

    public ZooKeeperCollector(LiveStore store, IOptions<ZooKeeperOptions> options, ILogger<ZooKeeperCollector> logger)
        : base(store, logger, "zookeeper", "zookeeper", options?.Value.PollInterval ?? TimeSpan.FromSeconds(5), "ZooKeeper server")
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
    }

    public static string EnsembleName(string ensemble) => $"{Kind}/{ensemble}";

    public static string ServerName(string ensemble, string server) => $"{Kind}/{ensemble}/{server}";

    /// <summary>"host:port" split, or null.</summary>
    public static (string Host, int Port)? Address(string server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var colon = server.LastIndexOf(':');
        return colon > 0 && int.TryParse(server[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? (server[..colon], port) : null;
    }

    protected override int TargetCount => _options.Ensembles.Sum(e => e.Servers.Count);

    protected override async Task<int> PollTargetsAsync(CancellationToken ct) =>
        (await Task.WhenAll(_options.Ensembles.Select(e => PollEnsembleAsync(e, ct)))).Sum();

    private async Task<int> PollEnsembleAsync(ZooKeeperEnsembleOptions ensemble, CancellationToken ct)
    {
        var members = await Task.WhenAll(ensemble.Servers.Select(s => PollServerAsync(s, ct)));
        var now = Time.GetUtcNow();
        var stamp = new SourceStamp(Kind, now);
        var parent = EnsembleName(ensemble.Name);
        foreach (var m in members)
            Store.Services.Report(new ServiceHealth(ServerName(ensemble.Name, m.Server), Kind, m.State, m.Detail, stamp) { Parent = parent, Facts = m.Facts });

        var serving = members.Count(m => m.Mode is "leader" or "follower" or "standalone");
        var leader = members.FirstOrDefault(m => m.Mode is "leader" or "standalone");
        var quorum = members.Length == 1 ? serving == 1 : leader is not null && serving > members.Length / 2;
        var state = !quorum ? ServiceState.Down : serving == members.Length ? ServiceState.Up : ServiceState.Degraded;
        var detail = quorum
            ? $"quorum {serving} of {members.Length}, leader {leader!.Server}"
            : $"no quorum: {serving} of {members.Length} serving";
        Store.Services.Report(new ServiceHealth(parent, EnsembleKind, state, detail, stamp)
        {
            Facts = [new("Zk.Fact.Serving", $"{serving} / {members.Length}"), new("Zk.Fact.Leader", leader?.Server ?? "—")],
        });
        return members.Count(m => m.Answered);
    }

    private sealed record Member(string Server, bool Answered, string? Mode, ServiceState State, string Detail, IReadOnlyList<KeyValuePair<string, string>> Facts);

    private async Task<Member> PollServerAsync(string server, CancellationToken ct)
    {
        var (host, port) = Address(server) ?? throw new InvalidOperationException($"'{server}' is not host:port.");
        try
        {
            var reply = await FourLetterWords.AskAsync(host, port, "mntr", _options.Timeout, ct);
            // A server going down accepts and closes; that is no answer, not a damaged one.
            if (string.IsNullOrWhiteSpace(reply))
                return new Member(server, false, null, ServiceState.Down, "unreachable: closed the connection without an answer", []);
            Health.CountReceived();
            if (FourLetterWords.NotServing(reply))
                return new Member(server, true, null, ServiceState.Down, "running, not serving requests (no quorum)", [new("Zk.Fact.Mode", "not serving")]);
            var v = FourLetterWords.ParseMntr(reply);
            string Get(string k) => v.TryGetValue(k, out var x) ? x : "—";
            var mode = Get("zk_server_state");
            var outstanding = long.TryParse(Get("zk_outstanding_requests"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) ? o : 0;
            List<KeyValuePair<string, string>> facts =
            [
                new("Zk.Fact.Mode", mode), new("Zk.Fact.Latency", $"{Get("zk_avg_latency")} / {Get("zk_max_latency")} ms"),
                new("Zk.Fact.Outstanding", Get("zk_outstanding_requests")), new("Zk.Fact.Znodes", Get("zk_znode_count")),
                new("Zk.Fact.Watches", Get("zk_watch_count")), new("Zk.Fact.Connections", Get("zk_num_alive_connections")),
                new("Zk.Fact.Version", Get("zk_version").Split(',')[0]),
            ];
            if (mode == "leader") facts.Insert(1, new("Zk.Fact.Synced", Get("zk_synced_followers")));
            // Requests piling up is the first sign of a server that cannot keep up.
            var state = outstanding > 1000 ? ServiceState.Degraded : ServiceState.Up;
            return new Member(server, true, mode, state, $"{mode}, {Get("zk_avg_latency")} ms avg, {outstanding} outstanding", facts);
        }
        catch (ZooKeeperMalformedException e)
        {
            Health.CountMalformed(server, 1);
            if (_malformedLog.ShouldLog(server, Time.GetUtcNow())) _logger.LogWarning("ZooKeeper {Server}: malformed reply: {Problem}", server, e.Message);
            return new Member(server, false, null, ServiceState.Unknown, "malformed reply: " + e.Message, []);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return new Member(server, false, null, ServiceState.Down, "unreachable: " + (e is OperationCanceledException ? "timed out" : e.Message), []);
        }
    }
}
