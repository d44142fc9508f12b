using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Collectors.Kafka;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Collectors.KafkaHealth;

/// <summary>
/// Reads each configured Kafka cluster through the admin API every interval: brokers, topics with their partition
/// leaders, under-replicated (fewer in-sync replicas than replicas) and offline (no leader) partitions, and the lag
/// of the configured consumer groups (committed offset against the partition's high watermark). A cluster that
/// does not answer keeps its rows' last stamps, so they turn stale with their age.
/// </summary>
public sealed class KafkaHealthCollector : PollingCollector
{
    public const string ClusterKind = "kafka cluster";
    public const string BrokerKind = "kafka broker";
    public const string TopicKind = "kafka topic";
    public const string GroupKind = "consumer group";
    private const string Source = "kafka-admin";

    private readonly KafkaHealthOptions _options;
    private readonly Dictionary<string, Clients> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<int>> _brokersSeen = new(StringComparer.Ordinal);

    public KafkaHealthCollector(LiveStore store, IOptions<KafkaHealthOptions> options, ILogger<KafkaHealthCollector> logger)
        : base(store, logger, "kafka-admin", Source, options?.Value.PollInterval ?? TimeSpan.FromSeconds(15), "Kafka cluster")
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        KafkaNative.Load();
    }

    public static string ClusterRow(string cluster) => $"kafka/{cluster}";

    protected override int TargetCount => _options.Clusters.Count;

    protected override async Task<int> PollTargetsAsync(CancellationToken ct) =>
        (await Task.WhenAll(_options.Clusters.Select(c => Task.Run(() => PollCluster(c), ct)))).Count(ok => ok);

    private Clients ClientsFor(KafkaClusterOptions c)
    {
        lock (_clients)
        {
            if (_clients.TryGetValue(c.Name, out var known)) return known;
            var config = new Dictionary<string, string>(c.Properties, StringComparer.Ordinal)
            {
                ["bootstrap.servers"] = c.BootstrapServers,
                ["client.id"] = "onlineconsole-health",
                ["socket.timeout.ms"] = ((int)_options.Timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            };
            var admin = new AdminClientBuilder(config).SetLogHandler((_, _) => { }).Build();
            // Only for the high watermarks: it never subscribes, joins or commits.
            var consumer = new ConsumerBuilder<Ignore, Ignore>(new Dictionary<string, string>(config) { ["group.id"] = "onlineconsole-lag-probe", ["enable.auto.commit"] = "false" })
                .SetLogHandler((_, _) => { }).Build();
            return _clients[c.Name] = new Clients(admin, consumer);
        }
    }

    private bool PollCluster(KafkaClusterOptions c)
    {
        var clusterRow = ClusterRow(c.Name);
        var clients = ClientsFor(c);
        Metadata metadata;
        try
        {
            metadata = clients.Admin.GetMetadata(_options.Timeout);
        }
        catch (KafkaException e)
        {
            Store.Services.Report(new ServiceHealth(clusterRow, ClusterKind, ServiceState.Down, "unreachable: " + FirstLine(e.Error.Reason), Stamp()));
            return false;
        }
        var stamp = Stamp();
        Health.CountReceived(1);
        var rows = new List<ServiceHealth>();
        var seen = _brokersSeen.TryGetValue(c.Name, out var s) ? s : _brokersSeen[c.Name] = [];
        var present = metadata.Brokers.Select(b => b.BrokerId).ToHashSet();
        foreach (var b in metadata.Brokers)
        {
            seen.Add(b.BrokerId);
            rows.Add(new ServiceHealth($"{clusterRow}/broker/{b.BrokerId.ToString(CultureInfo.InvariantCulture)}", BrokerKind, ServiceState.Up, $"{b.Host}:{b.Port}", stamp)
            {
                Parent = clusterRow, Facts = [new("Kafka.Fact.Address", $"{b.Host}:{b.Port}")],
            });
        }
        // A broker seen before and missing now has left the cluster (or is down): say so rather than drop its row.
        foreach (var gone in seen.Where(id => !present.Contains(id)))
            rows.Add(new ServiceHealth($"{clusterRow}/broker/{gone.ToString(CultureInfo.InvariantCulture)}", BrokerKind, ServiceState.Down, "not in the cluster's metadata", stamp) { Parent = clusterRow });

        int partitions = 0, underReplicated = 0, offline = 0;
        foreach (var t in metadata.Topics.OrderBy(t => t.Topic, StringComparer.Ordinal))
        {
            var urp = t.Partitions.Count(p => p.InSyncReplicas.Length < p.Replicas.Length);
            var off = t.Partitions.Count(p => p.Leader < 0);
            partitions += t.Partitions.Count;
            underReplicated += urp;
            offline += off;
            var rf = t.Partitions.Count == 0 ? 0 : t.Partitions.Max(p => p.Replicas.Length);
            var (state, detail) = t.Error.IsError ? (ServiceState.Down, "error: " + t.Error.Reason)
                : off > 0 ? (ServiceState.Down, $"{off} of {t.Partitions.Count} partitions offline")
                : urp > 0 ? (ServiceState.Degraded, $"{urp} of {t.Partitions.Count} partitions under-replicated")
                : (ServiceState.Up, $"{t.Partitions.Count} partition(s), replication {rf}");
            rows.Add(new ServiceHealth($"{clusterRow}/topic/{t.Topic}", TopicKind, state, detail, stamp)
            {
                Parent = clusterRow,
                Facts =
                [
                    new("Kafka.Fact.Partitions", t.Partitions.Count.ToString(CultureInfo.InvariantCulture)),
                    new("Kafka.Fact.Replication", rf.ToString(CultureInfo.InvariantCulture)),
                    new("Kafka.Fact.Leaders", string.Join(" ", t.Partitions.OrderBy(p => p.PartitionId).Select(p => $"{p.PartitionId}:{(p.Leader < 0 ? "none" : p.Leader.ToString(CultureInfo.InvariantCulture))}"))),
                    new("Kafka.Fact.UnderReplicated", urp.ToString(CultureInfo.InvariantCulture)),
                    new("Kafka.Fact.Offline", off.ToString(CultureInfo.InvariantCulture)),
                ],
            });
        }
        foreach (var g in c.Groups) rows.Add(Group(c, clients, g, clusterRow, metadata));

        var missing = seen.Count - present.Count;
        var (cs, cd) = offline > 0 ? (ServiceState.Down, $"{offline} offline partitions")
            : underReplicated > 0 || missing > 0 ? (ServiceState.Degraded, missing > 0 ? $"{missing} broker(s) missing" : $"{underReplicated} under-replicated partitions")
            : (ServiceState.Up, $"{present.Count} brokers, {metadata.Topics.Count} topics");
        foreach (var r in rows) Store.Services.Report(r);
        Store.Services.Report(new ServiceHealth(clusterRow, ClusterKind, cs, cd, stamp)
        {
            Facts =
            [
                new("Kafka.Fact.Brokers", present.Count.ToString(CultureInfo.InvariantCulture)),
                new("Kafka.Fact.Topics", metadata.Topics.Count.ToString(CultureInfo.InvariantCulture)),
                new("Kafka.Fact.Partitions", partitions.ToString(CultureInfo.InvariantCulture)),
                new("Kafka.Fact.UnderReplicated", underReplicated.ToString(CultureInfo.InvariantCulture)),
                new("Kafka.Fact.Offline", offline.ToString(CultureInfo.InvariantCulture)),
                new("Kafka.Fact.Bootstrap", c.BootstrapServers),
            ],
        });
        return true;
    }

    private ServiceHealth Group(KafkaClusterOptions c, Clients clients, string group, string clusterRow, Metadata metadata)
    {
        var name = $"{clusterRow}/group/{group}";
        try
        {
            var options = new Confluent.Kafka.Admin.ListConsumerGroupOffsetsOptions { RequestTimeout = _options.Timeout };
            var committed = clients.Admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, null)], options).GetAwaiter().GetResult();
            var offsets = committed.SelectMany(r => r.Partitions).Where(p => p.Offset.Value >= 0).ToList();
            if (offsets.Count == 0)
            {
                // Brokers that do not answer "all partitions" (librdkafka's mock among them) answer for named ones.
                var all = metadata.Topics.SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId))).ToList();
                committed = clients.Admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, all)], options).GetAwaiter().GetResult();
                offsets = [.. committed.SelectMany(r => r.Partitions).Where(p => p.Offset.Value >= 0)];
            }
            if (offsets.Count == 0) return new ServiceHealth(name, GroupKind, ServiceState.Unknown, "no committed offsets", Stamp()) { Parent = clusterRow };
            long total = 0, worst = 0;
            foreach (var p in offsets)
            {
                var high = clients.Consumer.QueryWatermarkOffsets(p.TopicPartition, _options.Timeout).High.Value;
                var lag = Math.Max(0, high - p.Offset.Value);
                total += lag;
                worst = Math.Max(worst, lag);
            }
            var inv = CultureInfo.InvariantCulture;
            var state = total > c.LagWarning ? ServiceState.Degraded : ServiceState.Up;
            return new ServiceHealth(name, GroupKind, state, $"lag {total.ToString(inv)} messages", Stamp())
            {
                Parent = clusterRow,
                Facts =
                [
                    new("Kafka.Fact.Lag", total.ToString(inv)), new("Kafka.Fact.MaxPartitionLag", worst.ToString(inv)),
                    new("Kafka.Fact.Partitions", offsets.Count.ToString(inv)),
                    new("Kafka.Fact.GroupTopics", string.Join(", ", offsets.Select(o => o.Topic).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))),
                ],
            };
        }
        catch (KafkaException e)
        {
            return new ServiceHealth(name, GroupKind, ServiceState.Unknown, "lag unknown: " + FirstLine(e.Error.Reason), Stamp()) { Parent = clusterRow };
        }
    }

    private SourceStamp Stamp() => new(Source, Time.GetUtcNow());

    public override void Dispose()
    {
        foreach (var c in _clients.Values)
        {
            c.Consumer.Close();
            c.Consumer.Dispose();
            c.Admin.Dispose();
        }
        base.Dispose();
    }

    private sealed record Clients(IAdminClient Admin, IConsumer<Ignore, Ignore> Consumer);
}
