using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Messages;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Logs;
using OnlineConsole.Core.Quality;
using OnlineConsole.Collectors.Kafka;
using OnlineConsole.Tests.Support;
using Microsoft.Extensions.Logging;
using LogEntry = OnlineConsole.Core.Logs.LogEntry;

namespace OnlineConsole.Tests.Messages;

/// <summary>
/// The data-quality consumer against librdkafka's mock cluster: the three kinds produced are in the store, a
/// malformed message is counted and skipped without stopping the others, a restarted consumer resumes after the
/// committed offset (nothing twice, nothing lost), and the brokers going away turn the collector retrying until
/// they are back.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KafkaMessagesCollectorTests : IDisposable
{
    private readonly KafkaMockCluster _kafka = new(brokers: 1);
    private readonly LiveStore _store = TestStores.Create(TimeProvider.System);
    private readonly CapturingLoggerProvider _logs = new();
    private readonly LoggerFactory _loggerFactory;
    private readonly IProducer<Null, byte[]> _producer;

    public KafkaMessagesCollectorTests()
    {
        _loggerFactory = new LoggerFactory([_logs]);
        _kafka.CreateTopic("dq.log", partitions: 2, replication: 1);
        _kafka.CreateTopic("dq.metric", partitions: 1, replication: 1);
        _kafka.CreateTopic("dq.histogram", partitions: 1, replication: 1);
        _producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers, LingerMs = 0 }).Build();
    }

    public void Dispose()
    {
        _producer.Dispose();
        _kafka.Dispose();
        _loggerFactory.Dispose();
    }

    private KafkaMessagesCollector Collector(LiveStore? store = null) => new(store ?? _store, Options.Create(new KafkaMessagesOptions
    {
        BootstrapServers = _kafka.BootstrapServers,
        GroupId = "console-test",
        StartAt = "earliest",
        // The mock cluster does not end a member's session on LeaveGroup: a restart waits out the session timeout.
        Properties = new Dictionary<string, string> { ["session.timeout.ms"] = "6000", ["heartbeat.interval.ms"] = "500" },
        Topics =
        [
            new KafkaTopicOptions { Name = "dq.log", Kind = DqMessageKind.Log },
            new KafkaTopicOptions { Name = "dq.metric", Kind = DqMessageKind.Metric },
            new KafkaTopicOptions { Name = "dq.histogram", Kind = DqMessageKind.Histogram },
        ],
    }), _loggerFactory.CreateLogger<KafkaMessagesCollector>());

    private void Produce(string topic, byte[] value) => _producer.Produce(topic, new Message<Null, byte[]> { Value = value });

    // Order holds only within a partition: messages whose order a test reads go to one.
    private void Produce(TopicPartition partition, byte[] value) => _producer.Produce(partition, new Message<Null, byte[]> { Value = value });

    private void Flush() => Assert.Equal(0, _producer.Flush(TimeSpan.FromSeconds(10)));

    private static byte[] Log(int i, string level = "INFO") => DqMessageWriter.Log(new LogEntry(DateTimeOffset.UtcNow, LogOrigin.Daq, LogSeverities.TryParseDaqLevel(level, out var s) ? s : LogSeverity.Info, "hd012", "line " + i)
    {
        Process = "DataFlow.EventBuilder", Run = 5012,
    });

    private IEnumerable<string> Texts() => _store.Logs.Since(0).Entries.Select(e => e.Text);

    [Fact]
    public async Task Logs_metrics_and_histograms_produced_are_in_the_store_and_a_malformed_message_is_counted_and_skipped()
    {
        using var collector = Collector();
        await collector.StartAsync(CancellationToken.None);
        try
        {
            Produce("dq.log", Log(1, "ERROR"));
            // The first malformed one read is the one logged: both in one partition, LOUD first.
            var first = new TopicPartition("dq.log", new Partition(0));
            Produce(first, Encoding.UTF8.GetBytes("{\"time\":\"2026-12-07T06:00:00Z\",\"host\":\"hd012\",\"level\":\"LOUD\",\"text\":\"x\"}"));
            Produce(first, Encoding.UTF8.GetBytes("not json at all"));
            Produce("dq.log", Log(2));
            Produce("dq.metric", DqMessageWriter.Metric(new MetricSample("daq.event_rate", new Dictionary<string, string> { ["server"] = "hd012" }, 1003.5, DateTimeOffset.UtcNow)));
            Produce("dq.histogram", DqMessageWriter.Histogram(new Histogram("trigger/nhit", 5012, [0, 10, 20], [3, 4], 7, 0, 1, DateTimeOffset.UtcNow)));
            Flush();
            await Poll.UntilAsync(() => Texts().Count() == 2 && _store.Metrics.Snapshot().Count == 1 && _store.Histograms.Runs().Count == 1, TimeSpan.FromSeconds(20), "2 log lines, 1 metric, 1 histogram");
            var error = _store.Logs.Since(0).Entries.Single(e => e.Text == "line 1");
            Assert.Equal((LogSeverity.Error, "hd012", "DataFlow.EventBuilder", 5012L, "dq.log"), (error.Severity, error.Host, error.Process, error.Run, error.Via));
            Assert.Equal(1003.5, _store.Metrics.Snapshot().Single().Value);
            Assert.Equal([3.0, 4.0], _store.Histograms.Get(5012, "trigger/nhit")!.Value.Counts);
            var health = collector.Health.Snapshot();
            Assert.Equal((2L, 2L), (health.Malformed, health.MalformedBy["dq.log"]));
            Assert.Equal(6, health.Received);
            // Logged once for the topic in the minute, with the reason and an example.
            var warning = Assert.Single(_logs.Entries, e => e.Message.Contains("was skipped", StringComparison.Ordinal));
            Assert.Contains("level 'LOUD'", warning.Message, StringComparison.Ordinal);
            await Poll.UntilAsync(() => collector.Health.Snapshot().Gauges.TryGetValue(CollectorGauges.ConsumerLag, out var lag) && lag == 0, TimeSpan.FromSeconds(10), "the consumer's own lag shown as 0");
            Assert.Equal(CollectorState.Running, collector.Health.State);
        }
        finally
        {
            await collector.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Lines_produced_while_the_consumer_is_caught_up_arrive_within_a_second()
    {
        using var collector = Collector();
        await collector.StartAsync(CancellationToken.None);
        try
        {
            Produce("dq.log", Log(0));
            Flush();
            await Poll.UntilAsync(() => Texts().Count() == 1, TimeSpan.FromSeconds(20), "the first line");
            var times = new List<TimeSpan>();
            for (var i = 1; i <= 5; i++)
            {
                await Task.Delay(700);
                var sent = System.Diagnostics.Stopwatch.StartNew();
                Produce("dq.log", Log(i));
                Flush();
                var n = i + 1;
                await Poll.UntilAsync(() => Texts().Count() == n, TimeSpan.FromSeconds(5), "line " + i);
                times.Add(sent.Elapsed);
            }
            // The median, not each line: one slow scheduling slice of a loaded test machine is not the consumer's delay.
            var median = times.Order().ElementAt(times.Count / 2);
            Assert.True(median < TimeSpan.FromSeconds(1), $"median {median.TotalMilliseconds:0} ms of " + string.Join(", ", times.Select(t => t.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture))));
        }
        finally
        {
            await collector.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_simulated_message_clients_write_all_three_kinds_that_the_consumer_reads_back()
    {
        var scratch = TestStores.Create(TimeProvider.System);
        using var simulator = new KafkaDqSimulator(scratch, _kafka.BootstrapServers, Options.Create(new Collectors.Simulation.SimulatorOptions
        {
            FrameInterval = TimeSpan.FromMilliseconds(200), NetworkInterval = TimeSpan.FromMilliseconds(200), ConfigureTime = TimeSpan.FromMilliseconds(400),
            Servers = 4, LogLinesPerMinute = 600,
        }), _loggerFactory.CreateLogger<KafkaDqSimulator>());
        using var collector = Collector();
        await Task.WhenAll(simulator.StartAsync(CancellationToken.None), collector.StartAsync(CancellationToken.None));
        try
        {
            await Poll.UntilAsync(() => _store.Logs.Count >= 10 && _store.Metrics.Snapshot().Count == 8 && _store.Histograms.Runs().Count == 1, TimeSpan.FromSeconds(30),
                "lines, the 8 series of 4 servers and a run's histograms");
            Assert.Equal(SimulatedMessages.HistogramNames.Order(), _store.Histograms.OfRun(_store.Histograms.Runs()[0]).Select(h => h.Value.Name).Order());
            Assert.All(_store.Logs.Since(0).Entries, e => Assert.Equal((LogOrigin.Daq, "dq.log"), (e.Origin, e.Via)));
            Assert.Equal(0, collector.Health.Snapshot().Malformed);
            Assert.Equal(0, simulator.Failed);
        }
        finally
        {
            await Task.WhenAll(simulator.StopAsync(CancellationToken.None), collector.StopAsync(CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_restarted_consumer_resumes_after_the_committed_offset_with_nothing_twice_and_nothing_lost()
    {
        using (var first = Collector())
        {
            await first.StartAsync(CancellationToken.None);
            for (var i = 0; i < 50; i++) Produce("dq.log", Log(i));
            Flush();
            await Poll.UntilAsync(() => Texts().Count() == 50, TimeSpan.FromSeconds(20), "the first 50 lines");
            await first.StopAsync(CancellationToken.None);
        }
        // Produced while no console runs.
        for (var i = 50; i < 80; i++) Produce("dq.log", Log(i));
        Flush();
        // The restarted console: a fresh process, so a fresh store.
        var restarted = TestStores.Create(TimeProvider.System);
        using var second = Collector(restarted);
        await second.StartAsync(CancellationToken.None);
        try
        {
            await Poll.UntilAsync(() => restarted.Logs.Count >= 30, TimeSpan.FromSeconds(30), "the 30 lines produced meanwhile");
            await Task.Delay(1500);
            var texts = restarted.Logs.Since(0).Entries.Select(e => e.Text).ToList();
            Assert.Equal(Enumerable.Range(50, 30).Select(i => "line " + i).Order(), texts.Order());
            Assert.Equal(30, second.Health.Snapshot().Received);
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task With_the_broker_down_the_collector_is_retrying_and_its_metrics_stale_and_when_it_is_back_lines_flow_again()
    {
        using var collector = Collector();
        await collector.StartAsync(CancellationToken.None);
        try
        {
            Produce("dq.log", Log(1));
            Produce("dq.metric", DqMessageWriter.Metric(new MetricSample("daq.event_rate", new Dictionary<string, string>(), 1, DateTimeOffset.UtcNow)));
            Flush();
            await Poll.UntilAsync(() => Texts().Count() == 1 && collector.Health.State == CollectorState.Running, TimeSpan.FromSeconds(20), "the first line, running");
            _kafka.BrokerDown(1);
            await Poll.UntilAsync(() => collector.Health.State == CollectorState.Retrying, TimeSpan.FromSeconds(20), "retrying with the broker down");
            var metric = _store.Metrics.Snapshot().Single();
            Assert.Equal(Freshness.Stale, _store.MetricFreshness(metric, _store.Time.GetUtcNow()));
            Assert.Contains("broker", collector.Health.Snapshot().LastError, StringComparison.OrdinalIgnoreCase);
            _kafka.BrokerUp(1);
            Produce("dq.log", Log(2));
            Flush();
            await Poll.UntilAsync(() => Texts().Count() == 2 && collector.Health.State == CollectorState.Running, TimeSpan.FromSeconds(30), "the second line after the broker is back");
        }
        finally
        {
            await collector.StopAsync(CancellationToken.None);
        }
    }
}
