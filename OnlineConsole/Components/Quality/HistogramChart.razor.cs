using Microsoft.AspNetCore.Components;
using OnlineConsole.Components.Controls;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using OnlineConsole.Core.Quality;
using OnlineConsole.Resources;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using Histogram = OnlineConsole.Core.Quality.Histogram;
using PlotLayout = Plotly.Blazor.Layout;

namespace OnlineConsole.Components.Quality;

public partial class HistogramChart : PlotlyChartBase
{
    private (StoredHistogram?, StoredHistogram?) _built;
    private string _drawnVersion = "";

    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    [Parameter] public StoredHistogram? Histogram { get; set; }
    [Parameter] public StoredHistogram? Reference { get; set; }

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_built.Item1, Histogram) && ReferenceEquals(_built.Item2, Reference)) return;
        _built = (Histogram, Reference);
        Data = Traces(Histogram?.Value, Reference?.Value, L["Histo.ThisRun", Histogram?.Value.Run ?? 0], L["Histo.ReferenceRun", Reference?.Value.Run ?? 0]);
        ChartLayout = Figure(Dark, Histogram?.Value);
        Redraw();
    }

    protected override void Drawn()
    {
        // Tests read which version was handed to the chart.
        _drawnVersion = Histogram is { } h ? h.Value.Run + "/" + h.Version : "";
    }

    /// <summary>Bars at the bin centres with the bins' widths; the reference as a step line scaled to this run's entries.</summary>
    public static IList<ITrace> Traces(Histogram? h, Histogram? reference, string name, string referenceName)
    {
        if (h is null) return [];
        var centres = new object[h.Counts.Count];
        var widths = new decimal?[h.Counts.Count];
        for (var i = 0; i < h.Counts.Count; i++)
        {
            centres[i] = (h.Edges[i] + h.Edges[i + 1]) / 2;
            widths[i] = (decimal)(h.Edges[i + 1] - h.Edges[i]);
        }
        var traces = new List<ITrace>
        {
            new Bar { Name = name, X = centres, Y = [.. h.Counts.Cast<object>()], WidthArray = widths, Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = "#2f7ed8" } },
        };
        if (reference is not null && reference.Counts.Count > 0)
        {
            var own = h.Counts.Sum();
            var theirs = reference.Counts.Sum();
            var scale = theirs > 0 && own > 0 ? own / theirs : 1;
            // Steps over the edges: each bin's level from its lower to its upper edge.
            var x = new List<object>();
            var y = new List<object>();
            for (var i = 0; i < reference.Counts.Count; i++)
            {
                x.Add(reference.Edges[i]);
                x.Add(reference.Edges[i + 1]);
                y.Add(Math.Round(reference.Counts[i] * scale, 2));
                y.Add(Math.Round(reference.Counts[i] * scale, 2));
            }
            traces.Add(new Scatter
            {
                Name = referenceName, Mode = ModeFlag.Lines, X = x, Y = y,
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = "#f2b93b", Width = 2, Dash = "dash" },
            });
        }
        return traces;
    }

    private static PlotLayout Figure(bool dark, Histogram? h) => new()
    {
        Margin = new Margin { L = 60, R = 20, T = 10, B = 45 }, ShowLegend = true, BarGap = 0,
        Legend = [new Plotly.Blazor.LayoutLib.Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.25m }],
        PaperBgColor = "rgba(0,0,0,0)", PlotBgColor = "rgba(0,0,0,0)",
        Font = new Font { Size = 12, Color = dark ? "#b4bcc8" : "#4a5363" },
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = h?.XLabel ?? "" }, GridColor = dark ? "#2a313b" : "#dde2e8" }],
        YAxis = [new YAxis { RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero, GridColor = dark ? "#2a313b" : "#dde2e8" }],
    };
}
