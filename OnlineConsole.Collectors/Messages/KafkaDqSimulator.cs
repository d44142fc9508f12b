using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Collectors.Kafka;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Logs;
using OnlineConsole.Core.Quality;

namespace OnlineConsole.Collectors.Messages;

/// <summary>
/// The message clients of the online system, simulated into a real Kafka: the simulated run cycle and
/// <see cref="SimulatedMessages"/>, each message written as docs/contracts.md has it to the topics
/// <see cref="LogTopic"/>, <see cref="MetricTopic"/> and <see cref="HistogramTopic"/>. Used by
/// `--simulate-into kafka://...` and by the tests.
/// </summary>
public sealed class KafkaDqSimulator : CollectorService, IDqSink
{
    public const string LogTopic = "dq.log";
    public const string MetricTopic = "dq.metric";
    public const string HistogramTopic = "dq.histogram";

    private readonly string _bootstrap;
    private readonly SimulatorOptions _sim;
    private readonly ILogger<KafkaDqSimulator> _logger;
    private readonly SimulatedRunController _run;
    private readonly SimulatedMessages _messages;
    private IProducer<Null, byte[]>? _producer;
    private long _produced;
    private long _failed;

    public KafkaDqSimulator(LiveStore scratch, string bootstrapServers, IOptions<SimulatorOptions> simulator, ILogger<KafkaDqSimulator> logger)
        : base(scratch, logger, "kafka-writer", "simulator", simulator?.Value.FrameInterval ?? TimeSpan.FromSeconds(1))
    {
        ArgumentNullException.ThrowIfNull(simulator);
        _bootstrap = bootstrapServers;
        _sim = simulator.Value;
        _logger = logger;
        _run = new SimulatedRunController(_sim);
        _messages = new SimulatedMessages(_sim.Seed, Math.Max(1, _sim.Servers), _sim.LogLinesPerMinute);
    }

    /// <summary>Messages the brokers acknowledged, and ones they did not (for the tests and the bench).</summary>
    public long Produced => Interlocked.Read(ref _produced);
    public long Failed => Interlocked.Read(ref _failed);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        KafkaNative.Load();
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig
        {
            BootstrapServers = _bootstrap, LingerMs = 5, ClientId = "online-console-simulator", MessageTimeoutMs = 30_000,
        }).Build();
        _producer = producer;
        _logger.LogInformation("Simulated message clients writing into {Bootstrap} ({Log}, {Metric}, {Histogram})", _bootstrap, LogTopic, MetricTopic, HistogramTopic);
        try
        {
            using var timer = new PeriodicTimer(_sim.FrameInterval, Time);
            do
            {
                var now = Time.GetUtcNow();
                _run.Advance(_sim.FrameInterval, now);
                _messages.Step(now, _sim.FrameInterval, _run.Status, this);
                producer.Poll(TimeSpan.Zero);
                if (Interlocked.Read(ref _failed) == 0 || Interlocked.Read(ref _produced) > 0) Health.Succeeded(now);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        finally
        {
            producer.Flush(TimeSpan.FromSeconds(5));
            _producer = null;
        }
    }

    public void Logs(IReadOnlyList<LogEntry> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        // Syslog lines are the switches' own: they reach the console by syslog, not as DAQ LOG messages.
        foreach (var l in lines)
            if (l.Origin == LogOrigin.Daq) Send(LogTopic, DqMessageWriter.Log(l));
    }

    public void Metrics(IReadOnlyList<MetricSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        foreach (var m in samples) Send(MetricTopic, DqMessageWriter.Metric(m));
    }

    public void Histograms(IReadOnlyList<Histogram> histograms)
    {
        ArgumentNullException.ThrowIfNull(histograms);
        foreach (var h in histograms) Send(HistogramTopic, DqMessageWriter.Histogram(h));
    }

    private void Send(string topic, byte[] value)
    {
        if (_producer is not { } p) return;
        try
        {
            p.Produce(topic, new Message<Null, byte[]> { Value = value }, r =>
            {
                if (r.Error.IsError) Interlocked.Increment(ref _failed);
                else Interlocked.Increment(ref _produced);
            });
        }
        catch (ProduceException<Null, byte[]> ex)
        {
            // The local queue is full while the brokers are away: counted, the simulation goes on.
            Interlocked.Increment(ref _failed);
            Health.CountDropped();
            _logger.LogDebug("Simulated message not queued: {Error}", ex.Error.Reason);
        }
    }
}
