using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using OnlineConsole.Components.Detector;
using OnlineConsole.Components.Live;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Detector;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Pages;

/// <summary>
/// The SPMT on the sphere in 3D (js/detector/spmt3d.js, our own WebGL), fed the same binary frames as the heatmaps,
/// and the panel of one GCU's 128 channels.
/// </summary>
public partial class Spmt3DPage : JsModuleComponent
{
    private static readonly string[] Cameras = ["iso", "top", "side", "bottom"];
    private static readonly ChannelStatus[] LegendStates = [ChannelStatus.Ok, ChannelStatus.Low, ChannelStatus.High, ChannelStatus.Dead, ChannelStatus.Hot, ChannelStatus.Missing];
    private ElementReference _root;
    private long _handle;
    private readonly DcrFrameFeed _feed = new();
    private RateCodec[]? _codecsSent;
    private int[] _gcus = [];
    private int? _gcu;
    private List<GcuChannelRow> _gcuChannels = [];
    private Freshness _freshness;
    private SourceStamp? _stamp;

    /// <summary>One channel of the GCU panel.</summary>
    private readonly record struct GcuChannelRow(ChannelInfo Info, float Rate, ChannelStatus Status, bool Stale);

    [Inject] public required DcrFrameSource Frames { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    protected override StoreArea Areas => StoreArea.Channels;

    protected override string ModulePath => "./js/detector/spmt3d.js";

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        var area = Store.Channels;
        if (_gcus.Length == 0) _gcus = [.. area.Geometry.Channels.Where(c => c.Type == PmtType.Small).Select(c => c.Gcu).Distinct().Order()];
        _stamp = area.Stamp;
        _freshness = Store.ChannelFreshness(Store.Time.GetUtcNow());
        if (_gcu is { } g) LoadGcu(g);
    }

    private void LoadGcu(int gcu)
    {
        var area = Store.Channels;
        var staleBefore = Store.Time.GetUtcNow() - area.Policy.StaleAfter;
        _gcuChannels = [.. area.Geometry.Channels.Select((c, i) => (c, i)).Where(x => x.c.Type == PmtType.Small && x.c.Gcu == gcu)
            .OrderBy(x => x.c.GcuChannel)
            .Select(x => { var r = area.Read(x.i); return new GcuChannelRow(x.c, r.Rate, r.Status, r.UpdatedAt is { } u && u < staleBefore); })];
    }

    [JSInvokable]
    public Task OnGcuClicked(int gcu) => SelectGcuAsync(gcu);

    private async Task SelectGcuAsync(int? gcu)
    {
        _gcu = gcu is { } g && Array.IndexOf(_gcus, g) >= 0 ? g : null;
        if (_gcu is { } sel) LoadGcu(sel);
        StateHasChanged();
        await CallModuleAsync(m => m.InvokeVoidAsync("highlightGcu", _handle, _gcu ?? -1).AsTask());
    }

    private Task GcuChangedAsync(ChangeEventArgs e) =>
        SelectGcuAsync(int.TryParse(e.Value?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) && g >= 0 ? g : null);

    private Task CameraAsync(string name) => CallModuleAsync(m => m.InvokeVoidAsync("setCamera", _handle, name).AsTask());

    private Task ColorByAsync(ChangeEventArgs e) => CallModuleAsync(m => m.InvokeVoidAsync("setColorBy", _handle, e.Value?.ToString() ?? "rate").AsTask());

    protected override async Task CreateAsync(IJSObjectReference module)
    {
        _codecsSent = Store.Channels.Codecs;
        var texts = DcrPalette.ModuleTexts(L);
        texts["noWebGl"] = L["Spmt3D.NoWebGl"].Value;
        _handle = await module.InvokeAsync<long>("create", _root, Self, new
        {
            geometryUrl = DetectorEndpoints.GeometryPath.TrimStart('/'),
            codec = Codec(_codecsSent),
            colours = DcrPalette.ModuleColours(),
            texts,
        });
    }

    protected override Task ReleaseAsync(IJSObjectReference module) => module.InvokeVoidAsync("dispose", _handle).AsTask();

    /// <summary>Sends the current frame through the feed the heatmaps use too.</summary>
    protected override Task FeedAsync(IJSObjectReference module) => _feed.RunAsync(Frames.Current, () => Module is not null, async frame =>
    {
        // A new codec comes with a full frame (DcrFrameSource); the page reads the hover's rate in it.
        object? codec = null;
        if (!ReferenceEquals(frame.Codecs, _codecsSent))
        {
            codec = Codec(frame.Codecs);
            _feed.Forget();
        }
        if (frame.Sequence == _feed.Sent) return null;
        var applied = await module.InvokeAsync<bool>("pushFrame", _handle, _feed.BytesFor(frame), codec);
        if (codec is not null) _codecsSent = frame.Codecs;
        return applied;
    });

    private static object Codec(RateCodec[] codecs)
    {
        var c = codecs[(int)PmtType.Small];
        return new { floor = c.Floor, ceiling = c.Ceiling };
    }
}
