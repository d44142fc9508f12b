using System.Globalization;
using Microsoft.AspNetCore.Components;
using OnlineConsole.Components.Controls;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using OnlineConsole.Core.AlarmReports;
using OnlineConsole.Resources;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using PlotLayout = Plotly.Blazor.Layout;

namespace OnlineConsole.Components.Alarms;

public partial class AlarmRateChart : PlotlyChartBase
{
    private AlarmKpiReport? _built;
    private bool _builtTenMinutes;
    private int _bins;
    private int _drawn;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    [Parameter, EditorRequired] public AlarmKpiReport Report { get; set; } = null!;

    [Parameter, EditorRequired] public TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Utc;

    private bool TenMinutes { get; set; }

    protected override void OnParametersSet() => Build();

    private void SetTenMinutes(bool tenMinutes)
    {
        TenMinutes = tenMinutes;
        Build();
    }

    private void Build()
    {
        if (ReferenceEquals(Report, _built) && TenMinutes == _builtTenMinutes) return;
        (_built, _builtTenMinutes) = (Report, TenMinutes);
        var bins = TenMinutes ? Report.TenMinutes : Report.Hours;
        _bins = bins.Count;
        Data = [Bars(bins, Zone, TenMinutes, L["Kpi.Activations"])];
        ChartLayout = Figure(Dark, TenMinutes, L["Kpi.FloodThreshold"]);
        Redraw();
    }

    protected override void Drawn()
    {
        _drawn = _bins;
    }

    /// <summary>One bar per bin at its start in site time; with 10-minute bins, floods in red.</summary>
    public static Bar Bars(IReadOnlyList<AlarmKpiBin> bins, TimeZoneInfo zone, bool flagFloods, string name)
    {
        ArgumentNullException.ThrowIfNull(bins);
        return new Bar
        {
            Name = name,
            X = [.. bins.Select(b => (object)TimeZoneInfo.ConvertTime(b.Start, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))],
            Y = [.. bins.Select(b => (object)b.Activations)],
            Marker = new Plotly.Blazor.Traces.BarLib.Marker
            {
                Color = bins.Select(b => flagFloods && b.Activations > AlarmKpiCalculator.FloodThreshold ? "#e0393e" : "#4f8fd8").ToList(),
            },
        };
    }

    private static PlotLayout Figure(bool dark, bool tenMinutes, string threshold) => new()
    {
        Margin = new Margin { L = 50, R = 20, T = 10, B = 50 }, ShowLegend = false, BarGap = 0.1m, Height = 300,
        PaperBgColor = "rgba(0,0,0,0)", PlotBgColor = "rgba(0,0,0,0)",
        Font = new Font { Size = 12, Color = dark ? "#b4bcc8" : "#4a5363" },
        XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date }],
        YAxis = [new YAxis { RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero, GridColor = dark ? "#2a313b" : "#dde2e8" }],
        Shapes = tenMinutes
            ?
            [
                new Shape
                {
                    Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line, XRef = "paper", X0 = 0, X1 = 1, YRef = "y",
                    Y0 = AlarmKpiCalculator.FloodThreshold, Y1 = AlarmKpiCalculator.FloodThreshold, Name = threshold,
                    Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = "#e0393e", Dash = "dash", Width = 1.5m },
                },
            ]
            : [],
    };
}
