using System.Globalization;
using OnlineConsole.Core.Detector;
using Plotly.Blazor;
using PlotLayout = Plotly.Blazor.Layout;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace OnlineConsole.Components.Detector;

/// <summary>
/// A channel's rate history as a Plotly line: evenly spaced samples, so only the y values travel (x0 + dx): the last
/// hour at 1 s is 3,600 numbers of ~5 characters (about 20 kB of JSON), gaps (no value) as nulls that break the line.
/// Limits are dotted lines in the detector palette.
/// </summary>
public static class ChannelHistoryFigure
{
    /// <summary>The line of <paramref name="codes"/> (one byte per sample, <see cref="RateCodec"/>), the last at <paramref name="lastMs"/>.</summary>
    public static Scatter Trace(byte[] codes, RateCodec codec, long lastMs, long stepMs)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var y = new List<object?>(codes.Length);
        // A code at the floor is drawn at the floor (0 has no place on a log axis); no value is a gap.
        foreach (var c in codes) y.Add(c == RateCodec.NoValue ? null : Math.Round(c == RateCodec.AtFloor ? codec.Floor : codec.Decode(c), 1));
        var firstMs = lastMs - ((codes.Length - 1) * stepMs);
        return new Scatter
        {
            Mode = ModeFlag.Lines,
            X0 = DateTimeOffset.FromUnixTimeMilliseconds(firstMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            DX = stepMs,
            Y = y!,
            ConnectGaps = false,
            Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = DcrPalette.Bars, Width = 1.5m },
        };
    }

    public static PlotLayout Layout(string title, ChannelLimits limits, RateCodec codec, bool dark)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var fg = dark ? "#e8ecf1" : "#1f2328";
        Shape Mark(double value, string colour) => new()
        {
            Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line, XRef = "paper", X0 = 0, X1 = 1,
            Y0 = Math.Max(value, codec.Floor), Y1 = Math.Max(value, codec.Floor),
            Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = colour, Width = 1, Dash = "dot" },
        };
        return new PlotLayout
        {
            Title = new Title { Text = title, Font = new Plotly.Blazor.LayoutLib.TitleLib.Font { Size = 14, Color = fg } },
            PaperBgColor = "rgba(0,0,0,0)", PlotBgColor = "rgba(0,0,0,0)", Font = new Font { Color = fg },
            Margin = new Margin { L = 50, R = 10, T = 30, B = 40 }, ShowLegend = false, Height = 220,
            XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date }],
            YAxis = [new YAxis { Type = Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log, Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Hz" } }],
            Shapes =
            [
                Mark(limits.Low, DcrPalette.Limit), Mark(limits.High, DcrPalette.Limit),
                Mark(limits.DeadBelow, DcrPalette.For(ChannelStatus.Dead)), Mark(limits.HotAbove, DcrPalette.For(ChannelStatus.Hot)),
            ],
        };
    }
}
