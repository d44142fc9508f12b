using OnlineConsole.Core.Live;
using OnlineConsole.Core.Quality;

namespace OnlineConsole.Core.Alarms.Rules;

/// <summary>METRIC series outside their configured limits. A stale series is not judged (its source's alarm says why).</summary>
public sealed class MetricAlarmRules(MetricOptions options)
{
    private readonly SignalSet _set = new();

    public SignalSet Signals => _set;

    public List<AlarmSignal> Evaluate(LiveStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var active = new List<AlarmSignal>();
        if (options.Thresholds.Count == 0) return _set.Diff(active);
        var now = store.Time.GetUtcNow();
        foreach (var s in store.Metrics.Snapshot())
        {
            if (options.For(s) is not { } t || store.MetricFreshness(s, now) != Freshness.Fresh) continue;
            var side = t.Check(s.Value);
            if (side == 0) continue;
            var value = s.Value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            active.Add(new AlarmSignal("metric/" + s.Key, true, t.Severity, $"{s.Key} is {value}, {(side > 0 ? "above" : "below")} its limit ({t.Limits})")
            {
                Source = BuiltInRules.Source, Rule = BuiltInRules.Metric, Guidance = t.Guidance,
                Subject = s.Labels.TryGetValue("server", out var server) ? "server:" + server : null,
                Labels = new Dictionary<string, string>(s.Labels, StringComparer.Ordinal) { ["area"] = "quality", ["metric"] = s.Name },
                Links = [new AlarmLink("Metrics", "metrics?name=" + Uri.EscapeDataString(s.Name))],
            });
        }
        return _set.Diff(active);
    }
}
