using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Collectors.Kafka;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Dcs;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Phoebus;

/// <summary>
/// EPICS alarms from the Phoebus alarm server: reads its configuration topic from the beginning at every start (as
/// Phoebus' own clients do, with a group of its own and nothing committed), keeps the alarm tree in the DCS area, and
/// turns every PV alarm into an alarm of the console's one list (source "phoebus", its path as labels, its guidance
/// as guidance). An acknowledgement made in Phoebus (a *_ACK severity) acknowledges it here, an unacknowledgement
/// withdraws it; one made here is sent to the server's command topic, as Phoebus' AlarmClient sends it.
/// </summary>
public sealed class PhoebusAlarmCollector : CollectorService, IAlarmForwarder
{
    private static readonly TimeSpan StatisticsInterval = TimeSpan.FromSeconds(1);

    private readonly PhoebusOptions _options;
    private readonly ILogger<PhoebusAlarmCollector> _logger;
    private readonly MalformedLog _malformedLog = new();
    private readonly PhoebusIngest _ingest;
    private volatile IProducer<string, byte[]>? _producer;

    public PhoebusAlarmCollector(LiveStore store, IOptions<PhoebusOptions> options, ILogger<PhoebusAlarmCollector> logger)
        : base(store, logger, "phoebus", "phoebus:" + options.Value.Config, StatisticsInterval)
    {
        _options = options.Value;
        _logger = logger;
        _ingest = new PhoebusIngest(store, Health, logger, _options.Config);
    }

    public bool Handles(string key) => _ingest.Handles(key);

    public async Task AcknowledgeAsync(string key, string user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        var producer = _producer ?? throw new InvalidOperationException($"The Phoebus alarm server's Kafka ({_options.BootstrapServers}) is not connected; the acknowledgement was not sent.");
        var command = PhoebusMessages.Command(user, _options.Host ?? Environment.MachineName, "acknowledge");
        await producer.ProduceAsync(_options.CommandTopic, new Message<string, byte[]> { Key = PhoebusMessages.CommandPrefix + key[PhoebusIngest.KeyPrefix.Length..], Value = command }, ct);
    }

    protected override Task RunAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Consume(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Consume(CancellationToken ct)
    {
        KafkaNative.Load();
        var consumerConfig = new ConsumerConfig(new Dictionary<string, string>(_options.Properties))
        {
            BootstrapServers = _options.BootstrapServers,
            // A group of its own and nothing committed: every start reads the whole (compacted) topic, the tree's truth.
            GroupId = "online-console-phoebus-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            StatisticsIntervalMs = (int)StatisticsInterval.TotalMilliseconds,
            ReconnectBackoffMs = 200,
            ReconnectBackoffMaxMs = 5_000,
            ClientId = "online-console@" + Environment.MachineName,
        };
        string? fatal = null;
        using var consumer = new ConsumerBuilder<string, byte[]>(consumerConfig)
            .SetErrorHandler((_, e) =>
            {
                if (e.IsFatal) fatal = e.Reason;
                else if (e.Code == ErrorCode.Local_AllBrokersDown) Health.Failed(Time.GetUtcNow(), "no broker of " + _options.BootstrapServers + " reachable: " + e.Reason);
            })
            .SetStatisticsHandler((_, json) => OnStatistics(json))
            .SetLogHandler((_, m) => _logger.LogDebug("librdkafka {Facility}: {Message}", m.Facility, m.Message))
            .Build();
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig(new Dictionary<string, string>(_options.Properties))
        {
            BootstrapServers = _options.BootstrapServers,
            ClientId = "online-console@" + Environment.MachineName,
            MessageTimeoutMs = 5_000,
        }).Build();
        consumer.Subscribe(_options.Config);
        _producer = producer;
        var batch = new List<(string?, byte[]?)>();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (fatal is not null) throw new KafkaException(new Error(ErrorCode.Local_Fatal, fatal));
                ConsumeResult<string, byte[]>? r;
                try
                {
                    r = consumer.Consume(batch.Count == 0 ? TimeSpan.FromMilliseconds(200) : TimeSpan.Zero);
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    if (_malformedLog.ShouldLog("consume:" + ex.Error.Code, Time.GetUtcNow())) _logger.LogWarning("Phoebus: {Error}", ex.Error.Reason);
                    continue;
                }
                if (r is { Message: not null, IsPartitionEOF: false }) batch.Add((r.Message.Key, r.Message.Value));
                if (batch.Count > 0 && (r is null || batch.Count >= 5_000))
                {
                    _ingest.Apply(batch);
                    batch.Clear();
                }
            }
        }
        finally
        {
            _producer = null;
            try { consumer.Close(); }
            catch (KafkaException ex) { _logger.LogWarning("Phoebus: closing the consumer failed: {Error}", ex.Error.Reason); }
        }
    }

    private void OnStatistics(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var up = KafkaStatistics.BrokersUp(doc.RootElement);
            Health.SetGauge(Core.Collectors.CollectorGauges.BrokersUp, up);
            if (up > 0) Health.Succeeded(Time.GetUtcNow());
            // Once per outage, not every second: the failure count stays the number of outages.
            else if (Health.State == Core.Collectors.CollectorState.Running) Health.Failed(Time.GetUtcNow(), "no broker of " + _options.BootstrapServers + " is up");
        }
        catch (JsonException)
        {
            // librdkafka's own statistics: never malformed in practice; skip one if it is.
        }
    }
}
