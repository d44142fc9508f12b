using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Collectors.Kafka;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Logs;
using OnlineConsole.Core.Quality;

namespace OnlineConsole.Collectors.Messages;

/// <summary>
/// Consumes the LOG, METRIC and HISTOGRAM topics with the console's consumer group into the store. A message's
/// offset is stored for commit only after the message is in the store (auto-commit then commits every second, and
/// closing commits the rest), so a restart resumes after the last message the console kept. A malformed message is
/// counted per topic, logged once a minute per topic with an example, and skipped. Broker state and the console's
/// own lag come from librdkafka's statistics each second.
/// </summary>
public sealed class KafkaMessagesCollector : CollectorService
{
    public const string Source = "kafka-messages";
    private static readonly TimeSpan StatisticsInterval = TimeSpan.FromSeconds(1);

    private readonly KafkaMessagesOptions _options;
    private readonly ILogger<KafkaMessagesCollector> _logger;
    private readonly MalformedLog _malformedLog = new();
    private readonly Dictionary<string, DqMessageKind> _kinds;
    private readonly DeviceDirectory _devices;
    private long _lag = -1;

    public KafkaMessagesCollector(LiveStore store, IOptions<KafkaMessagesOptions> options, ILogger<KafkaMessagesCollector> logger)
        : base(store, logger, "kafka-messages", Source, StatisticsInterval)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _kinds = _options.Topics.ToDictionary(t => t.Name, t => t.Kind, StringComparer.Ordinal);
        _devices = new DeviceDirectory(store.Network);
    }

    /// <summary>The console's consumer lag summed over its partitions at the last statistics; -1 before the first.</summary>
    public long Lag => Interlocked.Read(ref _lag);

    protected override Task RunAsync(CancellationToken stoppingToken) =>
        // Consume blocks: it gets a thread of its own rather than one of the pool's.
        Task.Factory.StartNew(() => Consume(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private ConsumerConfig Config()
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(_options.Properties))
        {
            BootstrapServers = _options.BootstrapServers,
            // Every replica reads every message into its own store: one consumer group each, or they would split the partitions.
            GroupId = Store.Leadership.Replicated ? _options.GroupId + "-" + Store.Leadership.Replica : _options.GroupId,
            EnableAutoCommit = true,
            AutoCommitIntervalMs = 1000,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = _options.StartAt == "earliest" ? AutoOffsetReset.Earliest : AutoOffsetReset.Latest,
            StatisticsIntervalMs = (int)StatisticsInterval.TotalMilliseconds,
            ReconnectBackoffMs = 200,
            ReconnectBackoffMaxMs = 5_000,
            ClientId = "online-console@" + Environment.MachineName,
        };
        return config;
    }

    private void Consume(CancellationToken ct)
    {
        KafkaNative.Load();
        string? fatal = null;
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(Config())
            .SetErrorHandler((_, e) =>
            {
                if (e.IsFatal) fatal = e.Reason;
                else if (e.Code == ErrorCode.Local_AllBrokersDown) Health.Failed(Time.GetUtcNow(), "no broker of " + _options.BootstrapServers + " reachable: " + e.Reason);
            })
            .SetStatisticsHandler((_, json) => OnStatistics(json))
            .SetLogHandler((_, m) => _logger.LogDebug("librdkafka {Facility}: {Message}", m.Facility, m.Message))
            .Build();
        consumer.Subscribe(_kinds.Keys);
        var batch = new Batch();
        var started = Time.GetTimestamp();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (fatal is not null) throw new KafkaException(new Error(ErrorCode.Local_Fatal, fatal));
                ConsumeResult<Ignore, byte[]>? r;
                try
                {
                    r = consumer.Consume(_options.BatchWindow);
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    // A topic that does not exist (yet), a partition error: the consumer goes on with the others.
                    if (_malformedLog.ShouldLog("consume:" + ex.Error.Code, Time.GetUtcNow()))
                        _logger.LogWarning("Kafka messages: {Error}", ex.Error.Reason);
                    continue;
                }
                if (r is { Message: not null, IsPartitionEOF: false })
                {
                    if (batch.Count == 0) started = Time.GetTimestamp();
                    Add(batch, r);
                }
                if (batch.Count > 0 && (r is null || batch.Count >= _options.MaxBatch || Time.GetElapsedTime(started) >= _options.BatchWindow))
                    Flush(batch, consumer);
            }
            if (batch.Count > 0) Flush(batch, consumer);
        }
        finally
        {
            // Close commits the stored offsets and leaves the group at once, so a restart resumes without waiting
            // for a rebalance timeout.
            try { consumer.Close(); }
            catch (KafkaException ex) { _logger.LogWarning("Kafka messages: closing the consumer failed: {Error}", ex.Error.Reason); }
        }
    }

    private void Add(Batch batch, ConsumeResult<Ignore, byte[]> r)
    {
        batch.Offsets[r.TopicPartition] = r.Offset;
        batch.Count++;
        var topic = r.Topic;
        var value = r.Message.Value;
        if (value is null)
        {
            Malformed(topic, "an empty message (a tombstone)", []);
            return;
        }
        var kind = _kinds.GetValueOrDefault(topic, DqMessageKind.Log);
        string error;
        switch (kind)
        {
            case DqMessageKind.Log:
                if (DqMessageParser.TryParseLog(value, out var entry, out error))
                {
                    batch.Logs.Add(entry! with { Via = topic, Received = Time.GetUtcNow(), Device = _devices.Match(null, entry!.Host) });
                    return;
                }
                break;
            case DqMessageKind.Metric:
                if (DqMessageParser.TryParseMetric(value, out var sample, out error))
                {
                    batch.Metrics.Add(sample!);
                    return;
                }
                break;
            default:
                if (DqMessageParser.TryParseHistogram(value, out var histogram, out error))
                {
                    batch.Histograms.Add(histogram!);
                    return;
                }
                break;
        }
        Malformed(topic, error, value);
    }

    private void Malformed(string topic, string error, byte[] value)
    {
        Health.CountMalformed(topic, 1);
        if (!_malformedLog.ShouldLog(topic, Time.GetUtcNow())) return;
        var example = Encoding.UTF8.GetString(value, 0, Math.Min(value.Length, 200));
        _logger.LogWarning("Kafka messages: a message on {Topic} was skipped: {Error}; e.g. {Example} (further ones on this topic are counted, logged again in a minute)",
            topic, error, example);
    }

    private void Flush(Batch batch, IConsumer<Ignore, byte[]> consumer)
    {
        var now = Time.GetUtcNow();
        var stamp = new SourceStamp(Source, now);
        Store.Logs.Append(batch.Logs);
        var refused = Store.Metrics.Update(batch.Metrics, stamp) + Store.Histograms.Update(batch.Histograms, stamp);
        if (refused > 0) Health.CountDropped(refused);
        Health.CountReceived(batch.Count);
        // In the store now: these offsets may be committed.
        foreach (var (tp, offset) in batch.Offsets) consumer.StoreOffset(new TopicPartitionOffset(tp, offset + 1));
        batch.Clear();
    }

    private void OnStatistics(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var up = KafkaStatistics.BrokersUp(root);
            long lag = 0;
            var known = false;
            if (root.TryGetProperty("topics", out var topics))
                foreach (var t in topics.EnumerateObject())
                    if (t.Value.TryGetProperty("partitions", out var parts))
                        foreach (var p in parts.EnumerateObject())
                            if (p.Name != "-1" && p.Value.TryGetProperty("consumer_lag", out var l) && l.GetInt64() >= 0)
                            {
                                lag += l.GetInt64();
                                known = true;
                            }
            Health.SetGauge(CollectorGauges.BrokersUp, up);
            Health.SetGauge(CollectorGauges.ConsumerLag, known ? lag : null);
            Interlocked.Exchange(ref _lag, known ? lag : -1);
            var now = Time.GetUtcNow();
            if (up > 0) Health.Succeeded(now);
            else if (Health.State == CollectorState.Running) Health.Failed(now, "no broker of " + _options.BootstrapServers + " is up");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            _logger.LogDebug(ex, "Kafka messages: unreadable statistics");
        }
    }

    private sealed class Batch
    {
        public int Count;
        public List<LogEntry> Logs { get; } = [];
        public List<MetricSample> Metrics { get; } = [];
        public List<Histogram> Histograms { get; } = [];
        public Dictionary<TopicPartition, Offset> Offsets { get; } = [];

        public void Clear()
        {
            Count = 0;
            Logs.Clear();
            Metrics.Clear();
            Histograms.Clear();
            Offsets.Clear();
        }
    }
}
