using OnlineConsole.Collectors.Messages;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Core.Logs;
using OnlineConsole.Core.Quality;
using OnlineConsole.Core.Run;
using LogEntry = OnlineConsole.Core.Logs.LogEntry;

namespace OnlineConsole.Tests.Unit;

/// <summary>The simulated message clients: rates as documented, histograms per run, and every message inside the contract.</summary>
[Trait("Category", "Unit")]
public sealed class SimulatedMessagesTests
{
    private sealed class Sink : IDqSink
    {
        public List<LogEntry> Lines { get; } = [];
        public List<MetricSample> Samples { get; } = [];
        public List<Histogram> Histograms { get; } = [];
        public void Logs(IReadOnlyList<LogEntry> lines) => Lines.AddRange(lines);
        public void Metrics(IReadOnlyList<MetricSample> samples) => Samples.AddRange(samples);
        void IDqSink.Histograms(IReadOnlyList<Histogram> histograms) => Histograms.AddRange(histograms);
    }

    [Fact]
    public void Ten_minutes_give_a_few_hundred_lines_a_minute_with_bursts_metrics_every_10_s_and_histograms_each_minute()
    {
        var sim = new SimulatedMessages(seed: 1, servers: 100);
        var sink = new Sink();
        var t0 = new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
        var running = new RunStatus(5012, RunState.Running, "physics", t0, null, null);
        for (var s = 0; s < 600; s++) sim.Step(t0.AddSeconds(s), TimeSpan.FromSeconds(1), running, sink);
        var daq = sink.Lines.Count(l => l.Origin == LogOrigin.Daq);
        // 300 a minute plus two 5 s bursts of 40 a second.
        Assert.InRange(daq, 3000 + 400 - 300, 3000 + 400 + 300);
        Assert.InRange(sink.Lines.Count(l => l.Origin == LogOrigin.Syslog), 20, 70);
        Assert.Equal(60 * 200, sink.Samples.Count);
        Assert.Equal(10 * SimulatedMessages.HistogramNames.Count, sink.Histograms.Count);
        var last = sink.Histograms.Where(h => h.Name == "trigger/nhit").ToList();
        Assert.True(last[^1].Entries > last[0].Entries);
        Assert.All(sink.Lines.Where(l => l.Origin == LogOrigin.Daq), l => Assert.Equal(5012, l.Run));
        // Everything it produces is what the contract accepts.
        Assert.All(sink.Lines.Where(l => l.Origin == LogOrigin.Daq).Take(200), l => Assert.True(DqMessageParser.TryParseLog(DqMessageWriter.Log(l), out _, out var e), e));
        Assert.All(sink.Histograms, h => Assert.True(DqMessageParser.TryParseHistogram(DqMessageWriter.Histogram(h), out _, out var e), e));
        Assert.True(DqMessageParser.TryParseMetric(DqMessageWriter.Metric(sink.Samples[0]), out _, out var me), me);
    }

    [Fact]
    public void Between_runs_no_histograms_are_filled_and_a_new_run_starts_from_zero()
    {
        var sim = new SimulatedMessages(seed: 1, servers: 4);
        var sink = new Sink();
        var t0 = new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
        for (var s = 0; s < 120; s++) sim.Step(t0.AddSeconds(s), TimeSpan.FromSeconds(1), new RunStatus(1, RunState.Stopped, "physics", null, null, null), sink);
        Assert.Empty(sink.Histograms);
        sim.Step(t0.AddSeconds(121), TimeSpan.FromSeconds(1), new RunStatus(2, RunState.Running, "physics", t0, null, null), sink);
        Assert.All(sink.Histograms, h => Assert.Equal(2, h.Run));
        Assert.Contains(sink.Histograms, h => h.Name == "trigger/nhit" && h.Entries == 60_000);
    }
}
