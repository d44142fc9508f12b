using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using OnlineConsole.Components.Live;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Detector;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Detector;

public partial class DcrHeatmap : JsModuleComponent
{
    private ElementReference _root;
    private long _handle;
    private readonly DcrFrameFeed _feed = new();
    private DetectorLimitsOptions? _limitsSent;
    private RateCodec[]? _codecsSent;

    [Inject] public required DcrFrameSource Frames { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    /// <summary>Raised with the channel's dense index when a channel is clicked in any view.</summary>
    [Parameter] public EventCallback<int> OnChannelSelected { get; set; }

    protected override StoreArea Areas => StoreArea.Channels;

    protected override string ModulePath => "./js/detector/dcr-heatmap.js";

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        // Nothing to read here: the frame is taken after the render, once per batch.
    }

    [JSInvokable]
    public Task OnChannelClicked(int index) =>
        index >= 0 && index < Store.Channels.Geometry.Count ? OnChannelSelected.InvokeAsync(index) : Task.CompletedTask;

    protected override async Task CreateAsync(IJSObjectReference module)
    {
        _limitsSent = Store.Channels.Limits;
        _codecsSent = Store.Channels.Codecs;
        _handle = await module.InvokeAsync<long>("create", _root, Self, new
        {
            geometryUrl = DetectorEndpoints.GeometryPath.TrimStart('/'),
            scales = Scales(_codecsSent, _limitsSent),
            labels = new { lpmtMap = L["Dcr.LpmtMap"].Value, spmtMap = L["Dcr.SpmtMap"].Value, electronics = L["Dcr.Electronics"].Value },
            colours = DcrPalette.ModuleColours(),
            texts = DcrPalette.ModuleTexts(L),
        });
    }

    protected override Task ReleaseAsync(IJSObjectReference module) => module.InvokeVoidAsync("dispose", _handle).AsTask();

    protected override Task FeedAsync(IJSObjectReference module) => _feed.RunAsync(Frames.Current, () => Module is not null, async frame =>
    {
        var limits = Store.Channels.Limits;
        // New limits or codecs travel with the frame written in them, in the same call, so the page never
        // reads codes in a scale it does not have. A new codec comes with a full frame (DcrFrameSource).
        object[]? scales = null;
        if (!ReferenceEquals(limits, _limitsSent) || !ReferenceEquals(frame.Codecs, _codecsSent))
        {
            scales = Scales(frame.Codecs, limits);
            if (!ReferenceEquals(frame.Codecs, _codecsSent)) _feed.Forget();
        }
        if (frame.Sequence == _feed.Sent)
        {
            // Only the limits moved (same codecs): the frame on the page stays valid.
            if (scales is not null) await module.InvokeVoidAsync("setScales", _handle, scales);
            _limitsSent = limits;
            return null;
        }
        var applied = await module.InvokeAsync<bool>("pushFrame", _handle, _feed.BytesFor(frame), scales);
        if (scales is not null)
        {
            _limitsSent = limits;
            _codecsSent = frame.Codecs;
        }
        return applied;
    });

    private static object[] Scales(RateCodec[] codecs, DetectorLimitsOptions limits) =>
        [.. Enum.GetValues<PmtType>().Select(t =>
        {
            var codec = codecs[(int)t];
            var l = limits.For(t);
            return new { floor = codec.Floor, ceiling = codec.Ceiling, baseline = l.Baseline, low = l.Low, high = l.High, deadBelow = l.DeadBelow, hotAbove = l.HotAbove };
        })];
}
