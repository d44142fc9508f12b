using OnlineConsole.Core.Logs;
using OnlineConsole.Core.Quality;
using OnlineConsole.Core.Run;

namespace OnlineConsole.Collectors.Simulation;

/// <summary>Where the simulated data-quality messages go: the store itself, or a real Kafka peer.</summary>
public interface IDqSink
{
    void Logs(IReadOnlyList<LogEntry> lines);
    void Metrics(IReadOnlyList<MetricSample> samples);
    void Histograms(IReadOnlyList<Histogram> histograms);
}

/// <summary>
/// Plays the message clients of the online system: a few hundred DAQ log lines a minute from the servers' processes,
/// with a burst from one server every four minutes; two metrics per server every 10 s; a set of histograms per run,
/// updated each minute while the run is running; and the switches' syslog lines now and then. Repeatable by seed.
/// </summary>
public sealed class SimulatedMessages
{
    public static readonly TimeSpan MetricInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan HistogramInterval = TimeSpan.FromMinutes(1);
    private static readonly string[] Processes = ["DataFlow.Receiver", "DataFlow.EventBuilder", "L2.Trigger", "DQM.Merger", "RunControl.Agent", "Storage.Writer"];
    private static readonly string[] Info =
    [
        "fragment buffer at {2} %", "event block {0} written", "subrun {0} closed", "heartbeat ok, {0} events since last",
        "calibration constants reloaded (version {2})", "output file rotated, {1} MB",
    ];
    private static readonly string[] Warn = ["slow fragment from GCU {0} ({1} ms)", "retrying connection to storage node {2}", "event queue above {2} %"];
    private static readonly string[] Error = ["fragment timeout from GCU {0}", "CRC error in block from GCU {0}", "lost connection to event builder {0}"];
    private static readonly (string Name, string Title, string X, double Lo, double Hi, double Mean, double Sigma, double PerMinute)[] Shapes =
    [
        ("trigger/nhit", "Fired PMTs per event", "fired PMTs", 0, 3000, 1500, 320, 60_000),
        ("charge/total_pe", "Total charge per event", "p.e.", 0, 20_000, 8_000, 2_400, 60_000),
        ("time/first_hit", "First hit time", "ns", 0, 1000, 240, 40, 60_000),
        ("vertex/r3", "Reconstructed vertex R³", "m³", 0, 5_500, 2_700, 1_400, 30_000),
        ("dcr/lpmt", "Large-PMT dark count rate", "kHz", 0, 100, 27, 6, 17_612),
        ("dcr/spmt", "Small-PMT dark count rate", "Hz", 0, 2_000, 600, 150, 25_600),
    ];
    private const int Bins = 100;

    private readonly Random _random;
    private readonly int _servers;
    private readonly double _linesPerMinute;
    private readonly string[] _switches;
    private DateTimeOffset _lastMetrics = DateTimeOffset.MinValue;
    private DateTimeOffset _lastHistograms = DateTimeOffset.MinValue;
    private long _histogramRun = -1;
    private double[][] _counts = [];
    private double[] _entries = [];

    public SimulatedMessages(int seed, int servers, double linesPerMinute = 300, int switches = 9)
    {
        _random = new Random(seed ^ 0x10C5);
        _servers = Math.Max(1, servers);
        _linesPerMinute = linesPerMinute;
        _switches = [.. Enumerable.Range(1, Math.Max(1, switches)).Select(i => i <= 2 ? $"core{i:00}" : $"edge{i - 2:00}")];
    }

    public static IReadOnlyList<string> HistogramNames => [.. Shapes.Select(s => s.Name)];

    /// <summary>One frame of <paramref name="frame"/> length ending at <paramref name="now"/>.</summary>
    public void Step(DateTimeOffset now, TimeSpan frame, RunStatus run, IDqSink sink)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(sink);
        var running = run.State == RunState.Running;
        var lines = new List<LogEntry>();
        var expected = _linesPerMinute * frame.TotalSeconds / 60;
        var n = (int)expected + (_random.NextDouble() < expected - Math.Floor(expected) ? 1 : 0);
        for (var i = 0; i < n; i++) lines.Add(Line(now, running ? run.RunNumber : null, Server(_random.Next(_servers))));
        // A burst: one server shouting errors for 5 s every 4 minutes.
        var second = now.ToUnixTimeSeconds();
        if (second % 240 < 5)
        {
            var server = Server((int)(second / 240 % _servers));
            for (var i = 0; i < (int)(40 * frame.TotalSeconds); i++)
                lines.Add(new LogEntry(now, LogOrigin.Daq, LogSeverity.Error, server, Format(Error[0], 100 + _random.Next(6000))) { Process = Processes[0], Run = running ? run.RunNumber : null });
        }
        // The switches speak syslog now and then (about 4 lines a minute).
        if (_random.NextDouble() < 4 * frame.TotalSeconds / 60) lines.Add(SwitchLine(now));
        if (lines.Count > 0) sink.Logs(lines);

        if (now - _lastMetrics >= MetricInterval)
        {
            _lastMetrics = now;
            sink.Metrics(Metrics(now, running));
        }
        if (running && (run.RunNumber != _histogramRun || now - _lastHistograms >= HistogramInterval))
        {
            if (run.RunNumber != _histogramRun) StartRun();
            _histogramRun = run.RunNumber;
            _lastHistograms = now;
            sink.Histograms(Fill(now, run.RunNumber));
        }
    }

    private static string Server(int i) => $"hd{i + 1:000}";

    private LogEntry Line(DateTimeOffset now, long? run, string host)
    {
        var roll = _random.NextDouble();
        var (severity, templates) = roll < 0.02 ? (LogSeverity.Debug, Info) : roll < 0.82 ? (LogSeverity.Info, Info) : roll < 0.95 ? (LogSeverity.Warning, Warn) : (LogSeverity.Error, Error);
        // {0} a GCU or block number, {1} a size or time, {2} a percentage or small index.
        var text = Format(templates[_random.Next(templates.Length)], _random.Next(1, 6000), _random.Next(10, 900), _random.Next(50, 99));
        return new LogEntry(now, LogOrigin.Daq, severity, host, text) { Process = Processes[_random.Next(Processes.Length)], Run = run };
    }

    private LogEntry SwitchLine(DateTimeOffset now)
    {
        var sw = _switches[_random.Next(_switches.Length)];
        var port = _random.Next(1, 49);
        var (severity, app, text) = _random.Next(4) switch
        {
            0 => (LogSeverity.Notice, "switchd", $"swp{port}: link up, 25G full duplex"),
            1 => (LogSeverity.Info, "sshd", "Accepted publickey for netops from 10.10.9.4 port 51324 ssh2"),
            2 => (LogSeverity.Warning, "switchd", $"swp{port}: CRC errors rising ({_random.Next(2, 40)} in 60 s)"),
            _ => (LogSeverity.Info, "lldpd", $"swp{port}: neighbour changed"),
        };
        return new LogEntry(now, LogOrigin.Syslog, severity, sw, text) { Process = app, Device = sw, Facility = 16, Via = "simulator" };
    }

    private List<MetricSample> Metrics(DateTimeOffset now, bool running)
    {
        var list = new List<MetricSample>(_servers * 2);
        for (var s = 0; s < _servers; s++)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["server"] = Server(s) };
            var rate = running ? 1_000 * (0.95 + (0.1 * _random.NextDouble())) : 0;
            list.Add(new MetricSample("daq.event_rate", labels, Math.Round(rate, 1), now));
            list.Add(new MetricSample("daq.buffer_fill", labels, Math.Round((running ? 0.2 : 0.02) + (0.1 * _random.NextDouble()), 3), now));
        }
        return list;
    }

    private void StartRun()
    {
        _counts = [.. Shapes.Select(_ => new double[Bins])];
        _entries = new double[Shapes.Length];
    }

    // One minute's worth of events added to the run's histograms.
    private List<Histogram> Fill(DateTimeOffset now, long run)
    {
        var list = new List<Histogram>(Shapes.Length);
        for (var k = 0; k < Shapes.Length; k++)
        {
            var (name, title, x, lo, hi, mean, sigma, perMinute) = Shapes[k];
            // Each run is a little different from the last, so the reference overlay shows something.
            var shift = 1 + (0.03 * Math.Sin(run * 1.7));
            var m = mean * shift;
            var width = (hi - lo) / Bins;
            var total = perMinute;
            for (var i = 0; i < Bins; i++)
            {
                var centre = lo + ((i + 0.5) * width);
                var expected = total * width / (sigma * Math.Sqrt(2 * Math.PI)) * Math.Exp(-0.5 * Math.Pow((centre - m) / sigma, 2));
                var noise = expected > 0 ? Math.Max(0, expected + (Math.Sqrt(expected) * Gaussian())) : 0;
                _counts[k][i] += Math.Round(noise);
            }
            _entries[k] += total;
            var under = Math.Round(_entries[k] * 0.001);
            var over = Math.Round(_entries[k] * 0.002);
            var edges = new double[Bins + 1];
            for (var i = 0; i <= Bins; i++) edges[i] = lo + (i * width);
            list.Add(new Histogram(name, run, edges, [.. _counts[k]], Math.Round(_entries[k]), under, over, now) { Title = title, XLabel = x });
        }
        return list;
    }

    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static string Format(string template, params object[] args) => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, args);
}
