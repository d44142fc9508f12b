using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OnlineConsole.Components.Live;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Hosting;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Layout;

public partial class StatusHeader
{

    private RunStatus? _run;
    private SourceStamp? _runStamp;
    private Freshness _runFreshness;
    private Freshness _dataFreshness;
    private SourceStamp? _dataStamp;
    private RunConflict? _conflict;
    private IReadOnlyList<string> _downSources = [];
    private AlarmCounts _alarms = AlarmCounts.None;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required IOptions<SiteOptions> Site { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [CascadingParameter(Name = "DarkTheme")] public bool Dark { get; set; } = true;

    protected override StoreArea Areas => StoreArea.Run | StoreArea.Channels | StoreArea.Collectors | StoreArea.Alarms;

    // A new second of rates changes only the data stamp, which the header shows only when not live.
    protected override object? ViewKey => (_run, _runFreshness, _runFreshness == Freshness.Fresh ? null : _runStamp, _conflict,
        string.Join(",", _downSources), _dataFreshness, _dataFreshness == Freshness.Fresh ? null : _dataStamp, (_alarms.Unacknowledged, _alarms.WorstUnacknowledged));

    private static bool IsChinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);

    private string SiteZoneLabel => Site.Value.TimeZone == "Asia/Shanghai" ? L["BeijingTime"] : Site.Value.TimeZone;

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        var now = Store.Time.GetUtcNow();
        (_run, _runStamp) = Store.Run.Snapshot();
        _runFreshness = Store.RunFreshness(now);
        _conflict = Store.Run.Conflict;
        var channels = Store.ChannelFreshness(now);
        // The same rule as every page: a collector that lost its source makes what it wrote stale at once.
        _downSources = Store.DownCollectorsFeeding(StoreArea.Run | StoreArea.Channels);
        // The header's data age is that of the worst primary source: never "live" while any is stale.
        _dataFreshness = _runFreshness == Freshness.Missing || channels == Freshness.Missing ? Freshness.Missing
            : _runFreshness == Freshness.Stale || channels == Freshness.Stale ? Freshness.Stale
            : Freshness.Fresh;
        _dataStamp = Store.OldestPrimaryStamp();
        _alarms = Store.Alarms.Snapshot().Counts;
    }

    private void Go(string prefUrl) =>
        Navigation.NavigateTo(prefUrl + "&returnUrl=" + Uri.EscapeDataString("/" + Navigation.ToBaseRelativePath(Navigation.Uri)), forceLoad: true);
}
