using Microsoft.AspNetCore.Components;
using OnlineConsole.Components.Controls;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using OnlineConsole.Core.Network;
using OnlineConsole.Resources;
using Plotly.Blazor;
using PlotLayout = Plotly.Blazor.Layout;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace OnlineConsole.Components.Network;

public partial class PortTrendChart : PlotlyChartBase
{
    private PortTrend? _built;
    private bool _builtDay;
    private int _drawnCount;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    [Parameter] public PortTrend? Trend { get; set; }

    /// <summary>Minutes of the last 24 h instead of the last hour's samples.</summary>
    private bool Day { get; set; }

    private PortTrendSeries? Series => Day ? Trend?.Minutes : Trend?.Recent;

    // A new trend comes with each batch; other renders of the page (typing in the filter) send nothing.
    protected override void OnParametersSet() => Build();

    private void SetDay(bool day)
    {
        Day = day;
        Build();
    }

    private void Build()
    {
        if (ReferenceEquals(Trend, _built) && Day == _builtDay) return;
        (_built, _builtDay) = (Trend, Day);
        Data = Traces(Series, L["Net.In"], L["Net.Out"], L["Net.Errors"], L["Net.Discards"]);
        ChartLayout = Figure(Dark);
        Redraw();
    }

    protected override void Drawn()
    {
        // Tests and diagnostics read how much was handed to the chart.
        _drawnCount = Series?.Count ?? 0;
    }

    /// <summary>Four lines: in/out bit rate (left axis), errors and discards per second (right, dotted); nulls are gaps.</summary>
    public static IList<ITrace> Traces(PortTrendSeries? s, string inText, string outText, string errorsText, string discardsText)
    {
        var x = (s?.TimesMs ?? []).Cast<object>().ToList();
        Scatter Line(string name, double?[]? y, string axis, string colour, string dash) => new()
        {
            Name = name, Mode = ModeFlag.Lines, X = x, Y = [.. (y ?? []).Select(v => (object?)Round(v))!], YAxis = axis, ConnectGaps = false,
            Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = colour, Width = 1.5m, Dash = dash },
        };
        return
        [
            Line(inText, s?.InBps, "y", "#2f7ed8", "solid"),
            Line(outText, s?.OutBps, "y", "#49a35b", "solid"),
            Line(errorsText, s?.Errors, "y2", "#e0393e", "dot"),
            Line(discardsText, s?.Discards, "y2", "#d99a00", "dot"),
        ];
    }

    private static double? Round(double? v) => v is { } x ? Math.Round(x, x >= 100 ? 0 : 3) : null;

    private static PlotLayout Figure(bool dark) => new()
    {
        Margin = new Margin { L = 60, R = 50, T = 10, B = 30 }, ShowLegend = true,
        Legend = [new Plotly.Blazor.LayoutLib.Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.2m }],
        PaperBgColor = "rgba(0,0,0,0)", PlotBgColor = "rgba(0,0,0,0)",
        Font = new Font { Size = 11, Color = dark ? "#b4bcc8" : "#4a5363" },
        XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date }],
        YAxis =
        [
            new YAxis
            {
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "b/s" }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero,
                ExponentFormat = Plotly.Blazor.LayoutLib.YAxisLib.ExponentFormatEnum.SI, TickSuffix = "b/s",
            },
            new YAxis
            {
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "/s" }, Overlaying = "y", Side = Plotly.Blazor.LayoutLib.YAxisLib.SideEnum.Right,
                RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero, ShowGrid = false,
            },
        ],
    };
}
