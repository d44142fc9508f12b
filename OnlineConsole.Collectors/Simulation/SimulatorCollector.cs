using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Dcs;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Dcs;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;
using OnlineConsole.Core.Services;

namespace OnlineConsole.Collectors.Simulation;

/// <summary>Hosts the simulator as a collector: one frame per FrameInterval, on a periodic timer.</summary>
public sealed class SimulatorCollector : CollectorService, IProcessControl, IProcessLogs, IDcsControl, OnlineConsole.Core.Alarms.IAlarmForwarder
{
    private readonly SimulatorOptions _options;
    private readonly ILogger<SimulatorCollector> _logger;

    public SimulatorCollector(LiveStore store, IOptions<SimulatorOptions> options, ILogger<SimulatorCollector> logger, NetworkAlarmThresholds? thresholds = null)
        : base(store, logger, "simulator", DetectorSimulator.SourceName, options.Value.FrameInterval)
    {
        _options = options.Value;
        _logger = logger;
        Simulator = new DetectorSimulator(_options, store, thresholds);
        if (_options.Messages) _messages = (new SimulatedMessages(_options.Seed, Math.Max(1, _options.Servers), _options.LogLinesPerMinute), new StoreDqSink(store));
        if (_options.Dcs)
        {
            Dcs = new DcsDemonstrator(_options.Seed, "dcs", _options.DcsCrates, _options.DcsBoards, _options.DcsChannels, _options.DcsLvChannels,
                _options.DcsSensorAreas, _options.DcsSensorsPerArea, _options.DcsRampRate, _options.DcsTripPeriod);
            _dcsSink = new BatchDcsSink(new DcsIngest(store, Health, logger, DetectorSimulator.SourceName));
        }
        if (_options.Phoebus)
        {
            var server = new SimulatedPhoebus(_options.Seed);
            _phoebus = (server, new OnlineConsole.Collectors.Phoebus.PhoebusIngest(store, Health, logger, server.Config));
        }
    }

    private readonly BatchDcsSink? _dcsSink;
    private readonly (SimulatedPhoebus Server, OnlineConsole.Collectors.Phoebus.PhoebusIngest Ingest)? _phoebus;

    // Explicit: Handles(string) of IProcessControl names services, this one alarm keys.
    bool OnlineConsole.Core.Alarms.IAlarmForwarder.Handles(string key) => _phoebus?.Ingest.Handles(key) == true;

    public Task AcknowledgeAsync(string key, string user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        // Like the real server: an acknowledgement of what is no longer latched is ignored, not refused.
        if (_phoebus is { } p) p.Server.Acknowledge(key[OnlineConsole.Collectors.Phoebus.PhoebusIngest.KeyPrefix.Length..], Time.GetUtcNow());
        return Task.CompletedTask;
    }

    /// <summary>The embedded DCS demonstrator; null when a real broker is configured.</summary>
    public DcsDemonstrator? Dcs { get; }

    public Task SendAsync(string setTopic, string payload, CancellationToken ct) =>
        Dcs is { } d && d.Command(setTopic, payload) ? Task.CompletedTask
        : throw new InvalidOperationException(Dcs is null ? "The DCS demonstrator is not running." : $"No simulated module listens on {setTopic} for '{payload}'.");

    private readonly (SimulatedMessages Generator, StoreDqSink Sink)? _messages;

    public DetectorSimulator Simulator { get; }

    public bool HasLogs(string service) => Simulator.Supervisor?.HasLogs(service) == true;

    public Task<ProcessLogTail> TailAsync(string service, CancellationToken ct) =>
        Simulator.Supervisor is { } s ? s.TailAsync(service, ct) : throw new ArgumentException($"'{service}' is not simulated.", nameof(service));

    public bool Handles(string service) => Simulator.Supervisor?.Handles(service) == true || Simulator.Kubernetes?.Handles(service) == true;

    public Task ControlAsync(string service, ProcessAction action, CancellationToken ct) =>
        Simulator.Supervisor is { } s && s.Handles(service) ? s.ControlAsync(service, action, ct)
        : Simulator.Kubernetes is { } k && k.Handles(service) ? k.ControlAsync(service, action, ct)
        : throw new ArgumentException($"'{service}' is not simulated.", nameof(service));

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        _logger.LogInformation("Simulated detector: {Channels} channels, seed {Seed}, frame every {Interval}", Store.Channels.Geometry.Count, _options.Seed, _options.FrameInterval);
        using var timer = new PeriodicTimer(_options.FrameInterval, Time);
        do
        {
            if (_options.FaultFile is { Length: > 0 } faultFile) ReadFaultFile(faultFile);
            Simulator.Step(Time.GetUtcNow());
            if (_messages is var (generator, sink) && Store.Run.Snapshot().Status is { } run) generator.Step(Time.GetUtcNow(), _options.FrameInterval, run, sink);
            if (Dcs is { } dcs && _dcsSink is { } dcsSink)
            {
                dcs.Step(Time.GetUtcNow(), _options.FrameInterval, dcsSink);
                dcsSink.Flush();
            }
            if (_phoebus is var (phoebus, ingest) && phoebus.Step(Time.GetUtcNow()) is { Count: > 0 } records) ingest.Apply(records);
            Health.CountReceived(Store.Channels.Geometry.Count);
            Health.Succeeded(Time.GetUtcNow());
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private DateTime _faultFileWrite = DateTime.MinValue;
    private readonly MalformedLog _faultFileLog = new();

    private void ReadFaultFile(string path)
    {
        var info = new FileInfo(path);
        var written = info.Exists ? info.LastWriteTimeUtc : DateTime.MinValue;
        if (written == _faultFileWrite) return;
        _faultFileWrite = written;
        var indices = new List<int>();
        var devices = new HashSet<string>(StringComparer.Ordinal);
        var malformed = 0;
        if (info.Exists)
        {
            foreach (var raw in File.ReadAllLines(path))
            {
                var line = raw.Split('#')[0].Trim();
                if (line.Length == 0) continue;
                // "device NAME": a switch or server that fails (unreachable, its ports and cables down).
                if (line.StartsWith("device ", StringComparison.Ordinal) && line[7..].Trim() is { Length: > 0 } name)
                {
                    devices.Add(name);
                    continue;
                }
                if (int.TryParse(line, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                    && Store.Channels.Geometry.TryGetIndex(id, out var index)) indices.Add(index);
                else malformed++;
            }
        }
        Simulator.ForcedDead = indices;
        Simulator.ForcedDown = devices;
        if (malformed == 0) return;
        Health.CountMalformed(malformed);
        if (!_faultFileLog.ShouldLog(path, Time.GetUtcNow())) return;
        _logger.LogWarning("Simulator fault file {Path}: {Count} lines are not known channel ids", path, malformed);
    }
}
