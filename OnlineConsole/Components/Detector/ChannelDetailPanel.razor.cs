using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Resources;
using Plotly.Blazor;
using PlotLayout = Plotly.Blazor.Layout;

namespace OnlineConsole.Components.Detector;

/// <summary>
/// One channel's facts, its rate over the last hour (1 s) and 24 h (1 min) as Plotly.Blazor charts, and its nearest
/// neighbours of the same type. The charts are redrawn only when a new detail (with its history) arrives.
/// </summary>
public partial class ChannelDetailPanel : ComponentBase
{
    private static int _next;
    private readonly int _id = Interlocked.Increment(ref _next);
    private readonly Config _config = new() { DisplayLogo = false, DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.False, Responsive = true };
    private PlotlyChart? _hour, _day;
    private IList<ITrace> _hourData = [];
    private IList<ITrace> _dayData = [];
    private PlotLayout _hourLayout = new(), _dayLayout = new();
    private ChannelDetail? _built;
    private ChannelDetail? _drawn;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required ILiveView Store { get; init; }
    [CascadingParameter(Name = "DarkTheme")] public bool Dark { get; set; } = true;
    [Parameter, EditorRequired] public required ChannelDetail Detail { get; set; }
    [Parameter] public IReadOnlyList<ChannelDetail> Neighbours { get; set; } = [];
    [Parameter] public EventCallback<int> OnChannelSelected { get; set; }
    [Parameter] public EventCallback OnClose { get; set; }

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_built, Detail)) return;
        _built = Detail;
        var limits = Store.Channels.Limits.For(Detail.Info.Type);
        var lastMs = (Detail.LastSecond ?? 0) * 1000;
        // Minutes end with the last complete minute before the current second.
        var lastMinuteMs = lastMs - (lastMs % 60_000) - 60_000;
        _hourData = [ChannelHistoryFigure.Trace(Detail.Seconds, Detail.Codec, lastMs, 1000)];
        _dayData = [ChannelHistoryFigure.Trace(Detail.Minutes, Detail.Codec, lastMinuteMs, 60_000)];
        _hourLayout = ChannelHistoryFigure.Layout(L["Dcr.LastHour"], limits, Detail.Codec, Dark);
        _dayLayout = ChannelHistoryFigure.Layout(L["Dcr.Last24h"], limits, Detail.Codec, Dark);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The first render draws through the charts' own first render; later details are pushed with React.
        if (firstRender || ReferenceEquals(_drawn, Detail))
        {
            _drawn = Detail;
            return;
        }
        _drawn = Detail;
        if (_hour is null || _day is null) return;
        try
        {
            await _hour.React();
            await _day.React();
        }
        catch (Microsoft.JSInterop.JSDisconnectedException)
        {
            // The page is gone.
        }
    }
}
