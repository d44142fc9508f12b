using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Alarms.Rules;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Quality;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>Histograms by run with their references, metric series with their trends and limits.</summary>
[Trait("Category", "Unit")]
public sealed class QualityAreaTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
    private static readonly SourceStamp Stamp = new("test", T0);

    private static Histogram H(string name, long run, double count, int minute = 0) => new(name, run, [0, 1, 2], [count, count], 2 * count, 0, 0, T0.AddMinutes(minute));

    [Fact]
    public void A_newer_histogram_replaces_the_older_with_a_new_version_and_an_older_one_is_ignored()
    {
        var store = TestStores.Create(TimeProvider.System);
        store.Histograms.Update([H("nhit", 5000, 1, minute: 1)], Stamp);
        store.Histograms.Update([H("nhit", 5000, 5, minute: 2)], Stamp);
        store.Histograms.Update([H("nhit", 5000, 3, minute: 0)], Stamp);
        var h = store.Histograms.Get(5000, "nhit")!;
        Assert.Equal((5.0, 2), (h.Value.Counts[0], h.Version));
    }

    [Fact]
    public void The_reference_is_the_previous_run_with_that_name_unless_an_expert_marked_one_and_a_marked_run_is_kept()
    {
        var store = TestStores.Create(TimeProvider.System, new StoreOptions { MaxHistogramRuns = 3 });
        store.Histograms.Update([H("nhit", 5000, 1), H("nhit", 5001, 2), H("only-new", 5002, 1), H("nhit", 5002, 3)], Stamp);
        Assert.Equal(5001, store.Histograms.ReferenceFor(5002, "nhit")!.Value.Run);
        Assert.Null(store.Histograms.ReferenceFor(5002, "only-new"));
        Assert.Null(store.Histograms.ReferenceFor(5000, "nhit"));
        store.Histograms.SetReference("nhit", 5000);
        Assert.Equal(5000, store.Histograms.ReferenceFor(5002, "nhit")!.Value.Run);
        // The marked run itself is shown against nothing rather than against itself.
        Assert.Null(store.Histograms.ReferenceFor(5000, "nhit"));
        store.Histograms.Update([H("nhit", 5003, 4), H("nhit", 5004, 4)], Stamp);
        Assert.Equal([5004L, 5003L, 5002L, 5000L], store.Histograms.Runs());
        Assert.Equal(5000, store.Histograms.ReferenceFor(5004, "nhit")!.Value.Run);
        store.Histograms.SetReference("nhit", null);
        Assert.Equal(5003, store.Histograms.ReferenceFor(5004, "nhit")!.Value.Run);
    }

    [Fact]
    public void A_run_older_than_every_kept_run_is_refused_when_full_and_the_names_of_a_run_are_bounded()
    {
        var store = TestStores.Create(TimeProvider.System, new StoreOptions { MaxHistogramRuns = 2, MaxHistogramsPerRun = 2 });
        Assert.Equal(0, store.Histograms.Update([H("a", 10, 1), H("a", 11, 1)], Stamp));
        Assert.Equal(1, store.Histograms.Update([H("a", 9, 1)], Stamp));
        Assert.Equal(1, store.Histograms.Update([H("b", 11, 1), H("c", 11, 1)], Stamp));
        Assert.Equal(2, store.Histograms.OfRun(11).Count);
    }

    [Fact]
    public void A_series_keeps_one_trend_point_per_step_and_new_series_past_the_limit_are_refused()
    {
        var store = TestStores.Create(TimeProvider.System, new StoreOptions { MaxMetricSeries = 2 });
        var labels = new Dictionary<string, string> { ["server"] = "hd001" };
        for (var s = 0; s < 60; s++) store.Metrics.Update([new MetricSample("rate", labels, s, T0.AddSeconds(s))], Stamp);
        var key = MetricSeries.KeyOf("rate", labels);
        Assert.Equal("rate{server=hd001}", key);
        var trend = store.Metrics.Trend(key);
        Assert.Equal(6, trend.Count);
        Assert.Equal([9.0, 19, 29, 39, 49, 59], trend.Select(p => p.Value));
        // A replayed older sample does not move the value back.
        store.Metrics.Update([new MetricSample("rate", labels, -1, T0)], Stamp);
        Assert.Equal(59, store.Metrics.Snapshot().Single().Value);
        Assert.Equal(1, store.Metrics.Update([new MetricSample("b", new Dictionary<string, string>(), 1, T0), new MetricSample("c", new Dictionary<string, string>(), 1, T0)], Stamp));
        Assert.Equal(2, store.Metrics.Snapshot().Count);
    }

    [Fact]
    public void A_fresh_series_outside_its_limit_raises_an_alarm_that_clears_when_back_and_a_stale_one_is_not_judged()
    {
        var time = new ManualTimeProvider(T0);
        var store = TestStores.Create(time);
        var options = new MetricOptions { Thresholds = [new MetricThreshold { Name = "fill", Labels = new() { ["server"] = "hd001" }, Above = 0.8, Severity = AlarmSeverity.Major }] };
        Assert.Empty(options.Validate());
        var rules = new MetricAlarmRules(options);
        void Set(string server, double v) => store.Metrics.Update([new MetricSample("fill", new Dictionary<string, string> { ["server"] = server }, v, time.GetUtcNow())], new SourceStamp("k", time.GetUtcNow()));
        Set("hd001", 0.9);
        Set("hd002", 0.95);
        var raised = Assert.Single(rules.Evaluate(store));
        Assert.Equal(("metric/fill{server=hd001}", true, AlarmSeverity.Major, "server:hd001"), (raised.Key, raised.Active, raised.Severity, raised.Subject));
        Assert.Contains("above its limit (≤ 0.8)", raised.Message, StringComparison.Ordinal);
        Set("hd001", 0.5);
        Assert.False(Assert.Single(rules.Evaluate(store)).Active);
        Set("hd001", 0.9);
        Assert.Single(rules.Evaluate(store));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(Assert.Single(rules.Evaluate(store)).Active);
        Assert.Contains(new MetricOptions { Thresholds = [new MetricThreshold { Name = "x", Above = 1, Below = 2 }] }.Validate(), e => e.Contains("must be under Above", StringComparison.Ordinal));
    }
}
