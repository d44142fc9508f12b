using OnlineConsole.Core.Live;
using OnlineConsole.Core.Logs;
using OnlineConsole.Core.Quality;

namespace OnlineConsole.Collectors.Simulation;

/// <summary>The embedded simulator's messages straight into the store, as the Kafka collector would put them.</summary>
public sealed class StoreDqSink(LiveStore store) : IDqSink
{
    public void Logs(IReadOnlyList<LogEntry> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var now = store.Time.GetUtcNow();
        store.Logs.Append([.. lines.Select(l => l with { Received = now, Via = l.Via.Length > 0 ? l.Via : "simulator" })]);
    }

    public void Metrics(IReadOnlyList<MetricSample> samples) => store.Metrics.Update(samples, new SourceStamp(DetectorSimulator.SourceName, store.Time.GetUtcNow()));

    public void Histograms(IReadOnlyList<Histogram> histograms) => store.Histograms.Update(histograms, new SourceStamp(DetectorSimulator.SourceName, store.Time.GetUtcNow()));
}
