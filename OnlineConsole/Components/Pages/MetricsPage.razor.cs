using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Quality;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Pages;

/// <summary>
/// The latest value of every METRIC series with its limits and age, and the last hour of the one selected.
/// Page -> the store's metric area -> the Kafka collector (or the simulator); limits from section "Metrics".
/// </summary>
public partial class MetricsPage
{
    private IReadOnlyList<MetricSeries> _all = [];
    private List<Row> _allRows = [];
    private List<Row> _rows = [];
    private string? _search;
    private bool _onlyOut;
    private string? _selected;
    private IReadOnlyList<MetricPoint> _trend = [];
    private int _out;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required IOptions<MetricOptions> Options { get; init; }

    [SupplyParameterFromQuery(Name = "name")] public string? QueryName { get; set; }

    protected override StoreArea Areas => StoreArea.Metrics | StoreArea.Collectors;

    /// <summary>One series as the table shows it: -1 below its limit, +1 above, 0 within or without a limit.</summary>
    public sealed record Row(MetricSeries Series, MetricThreshold? Threshold, int Side, Freshness Freshness);

    protected override void OnInitialized()
    {
        _search = QueryName;
        base.OnInitialized();
    }

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        _all = Store.Metrics.Snapshot();
        var now = Store.Time.GetUtcNow();
        _allRows = [.. _all.Select(s =>
        {
            var t = Options.Value.For(s);
            return new Row(s, t, t?.Check(s.Value) ?? 0, Store.MetricFreshness(s, now));
        })];
        _out = _allRows.Count(r => r.Side != 0);
        // Read with the data, not in the markup: a render caused by typing in the filter hands the chart the same
        // trend, and the chart redraws only for a new one.
        if (_selected is not null) _trend = Store.Metrics.Trend(_selected);
        Filter();
    }

    private void Select(string key)
    {
        _selected = key;
        _trend = Store.Metrics.Trend(key);
    }

    private void Filter() => _rows = [.. _allRows.Where(r => (!_onlyOut || r.Side != 0)
        && (string.IsNullOrEmpty(_search) || r.Series.Key.Contains(_search, StringComparison.OrdinalIgnoreCase)))];

    private static string Num(double v) => v.ToString(Math.Abs(v) >= 1000 ? "N1" : "0.###", CultureInfo.CurrentCulture);
}
