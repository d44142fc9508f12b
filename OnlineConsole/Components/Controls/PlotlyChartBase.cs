using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;
using PlotLayout = Plotly.Blazor.Layout;

namespace OnlineConsole.Components.Controls;

/// <summary>
/// A Plotly chart that is redrawn in place: a derived chart builds <see cref="Data"/> and <see cref="Figure"/>, calls
/// <see cref="Redraw"/>, and after the next render the new data reaches the chart (its own first render, then
/// Plotly's React), after which <see cref="Drawn"/> records what was handed over (tests and diagnostics read it).
/// </summary>
public abstract class PlotlyChartBase : ComponentBase
{
    private static int _next;
    private bool _dirty;

    protected int ChartId { get; } = Interlocked.Increment(ref _next);
    protected Config ChartConfig { get; } = new() { DisplayLogo = false, DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.False, Responsive = true };
    protected PlotlyChart? Chart { get; set; }
    protected IList<ITrace> Data { get; set; } = [];
    protected PlotLayout ChartLayout { get; set; } = new();

    [CascadingParameter(Name = "DarkTheme")] public bool Dark { get; set; } = true;

    protected void Redraw() => _dirty = true;

    /// <summary>Called once the chart has the data built before the last <see cref="Redraw"/>.</summary>
    protected abstract void Drawn();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_dirty || Chart is null) return;
        _dirty = false;
        if (!firstRender)
        {
            try
            {
                await Chart.React();
            }
            catch (JSDisconnectedException)
            {
                return;
            }
        }
        Drawn();
        StateHasChanged();
    }
}
