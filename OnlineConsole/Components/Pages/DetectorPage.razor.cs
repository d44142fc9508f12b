using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using OnlineConsole.Components.Detector;
using OnlineConsole.Components.Live;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Pages;

public partial class DetectorPage
{

    private const int ListMax = 50;
    private DetectorSummary _summary = DetectorSummary.Empty;
    private Freshness _freshness;
    private SourceStamp? _stamp;
    private IReadOnlyList<int> _dead = [], _hot = [], _flapping = [];
    private int _deadTotal, _hotTotal, _flappingTotal;
    private readonly Dictionary<int, float> _rates = [];
    private ChannelDetail? _selected;
    private IReadOnlyList<ChannelDetail> _neighbours = [];
    private DateTimeOffset _detailReadAt;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    /// <summary>A channel id to open at once (links from alarms).</summary>
    [SupplyParameterFromQuery(Name = "channel")] public int? Channel { get; set; }

    private int? _openedFromQuery;

    protected override StoreArea Areas => StoreArea.Channels;

    protected override void OnParametersSet()
    {
        if (Channel is { } id && id != _openedFromQuery && Store.Channels.Geometry.TryGetIndex(id, out var index))
        {
            _openedFromQuery = id;
            Load(index);
        }
    }

    // Lists and counts are read by people: once a second is enough and keeps render batches small.
    protected override TimeSpan? BatchWindow => TimeSpan.FromSeconds(1);

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        var area = Store.Channels;
        _summary = area.Summary;
        _stamp = area.Stamp;
        _freshness = Store.ChannelFreshness(Store.Time.GetUtcNow());
        var dead = area.IndicesWithStatus(ChannelStatus.Dead, 100_000);
        var hot = area.IndicesWithStatus(ChannelStatus.Hot, 100_000);
        var flapping = area.FlappingIndices(100_000);
        (_deadTotal, _hotTotal, _flappingTotal) = (dead.Count, hot.Count, flapping.Count);
        _dead = [.. dead.Take(ListMax)];
        _hot = [.. hot.Take(ListMax)];
        _flapping = [.. flapping.Take(ListMax)];
        _rates.Clear();
        foreach (var i in _dead.Concat(_hot).Concat(_flapping)) _rates[i] = area.Read(i).Rate;
        // The open detail follows the live data, its history every 5 s (it is 5 KB).
        if (_selected is { } s && Store.Time.GetUtcNow() - _detailReadAt >= TimeSpan.FromSeconds(5)) Load(s.Index);
    }

    private void Select(int index)
    {
        Load(index);
        StateHasChanged();
    }

    private void Load(int index)
    {
        var area = Store.Channels;
        _selected = area.Detail(index);
        _detailReadAt = Store.Time.GetUtcNow();
        var me = area.Geometry.Channels[index];
        // Nearest channels of the same type on the sphere: what a shifter compares a suspicious channel with.
        _neighbours = [.. area.Geometry.Channels
            .Select((c, i) => (c, i))
            .Where(x => x.i != index && x.c.Type == me.Type)
            .OrderBy(x => Sq(x.c.X - me.X) + Sq(x.c.Y - me.Y) + Sq(x.c.Z - me.Z))
            .Take(6)
            .Select(x => area.Detail(x.i) with { Seconds = [], Minutes = [] })];
    }

    private static float Sq(float v) => v * v;
}
