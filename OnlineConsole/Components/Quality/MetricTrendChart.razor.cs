using Microsoft.AspNetCore.Components;
using OnlineConsole.Components.Controls;
using Microsoft.JSInterop;
using OnlineConsole.Core.Quality;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using PlotLayout = Plotly.Blazor.Layout;

namespace OnlineConsole.Components.Quality;

public partial class MetricTrendChart : PlotlyChartBase
{
    private IReadOnlyList<MetricPoint>? _built;
    private int _drawn;

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
        Data = traces;
        ChartLayout = new PlotLayout
        {
            Margin = new Margin { L = 60, R = 20, T = 10, B = 30 }, ShowLegend = false, Height = 270,
            PaperBgColor = "rgba(0,0,0,0)", PlotBgColor = "rgba(0,0,0,0)",
            Font = new Font { Size = 11, Color = Dark ? "#b4bcc8" : "#4a5363" },
            XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date, GridColor = Dark ? "#2a313b" : "#dde2e8" }],
            YAxis = [new YAxis { GridColor = Dark ? "#2a313b" : "#dde2e8" }],
        };
        Redraw();
    }

    protected override void Drawn()
    {
        _drawn = Points?.Count ?? 0;
    }
}
