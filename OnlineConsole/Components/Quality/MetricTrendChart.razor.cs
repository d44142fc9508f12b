using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using OnlineConsole.Core.Quality;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using PlotLayout = Plotly.Blazor.Layout;

namespace OnlineConsole.Components.Quality;

public partial class MetricTrendChart : ComponentBase
{
    private static int _next;
    private readonly int _id = Interlocked.Increment(ref _next);
    private readonly Config _config = new() { DisplayLogo = false, DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.False, Responsive = true };
    private PlotlyChart? _chart;
    private IList<ITrace> _data = [];
    private PlotLayout _layout = new();
    private IReadOnlyList<MetricPoint>? _built;
    private bool _dirty;
    private int _drawn;

    [CascadingParameter(Name = "DarkTheme")] public bool Dark { get; set; } = true;
    [Parameter] public IReadOnlyList<MetricPoint>? Points { get; set; }
    [Parameter] public MetricThreshold? Threshold { get; set; }
    [Parameter] public string Name { get; set; } = "";

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(Points, _built)) return;
        _built = Points;
        var points = Points ?? [];
        var x = points.Select(p => (object)p.Time.UtcDateTime).ToList();
        var traces = new List<ITrace>
        {
            new Scatter { Name = Name, Mode = ModeFlag.Lines | ModeFlag.Markers, X = x, Y = [.. points.Select(p => (object)p.Value)], Line = new Line { Color = "#2f7ed8", Width = 1.5m } },
        };
        if (points.Count > 0)
        {
            object[] ends = [points[0].Time.UtcDateTime, points[^1].Time.UtcDateTime];
            foreach (var limit in new[] { Threshold?.Above, Threshold?.Below })
                if (limit is { } l) traces.Add(new Scatter { Name = l.ToString(System.Globalization.CultureInfo.InvariantCulture), Mode = ModeFlag.Lines, X = ends, Y = [l, l], Line = new Line { Color = "#e0393e", Dash = "dash", Width = 1 } });
        }
        _data = traces;
        _layout = new PlotLayout
        {
            Margin = new Margin { L = 60, R = 20, T = 10, B = 30 }, ShowLegend = false,
            PaperBgColor = "rgba(0,0,0,0)", PlotBgColor = "rgba(0,0,0,0)",
            Font = new Font { Size = 11, Color = Dark ? "#b4bcc8" : "#4a5363" },
            XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date, GridColor = Dark ? "#2a313b" : "#dde2e8" }],
            YAxis = [new YAxis { GridColor = Dark ? "#2a313b" : "#dde2e8" }],
        };
        _dirty = true;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_dirty || _chart is null) return;
        _dirty = false;
        if (!firstRender)
        {
            try
            {
                await _chart.React();
            }
            catch (JSDisconnectedException)
            {
                return;
            }
        }
        _drawn = Points?.Count ?? 0;
        StateHasChanged();
    }
}
