using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OnlineConsole.Components.Live;
using OnlineConsole.Core.AlarmReports;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Hosting;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Pages;

public partial class WallPage
{
    private IReadOnlyList<WallTile> _tiles = [];
    private long _alarmsVersion;
    private RunStatus? _run;
    private SourceStamp? _runStamp;
    private Freshness _runFreshness;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required IOptions<SiteOptions> Site { get; init; }

    protected override StoreArea Areas => StoreArea.Alarms | StoreArea.Run;

    // Read from across the room: once a second is as fast as anyone can read it.
    protected override TimeSpan? BatchWindow => TimeSpan.FromSeconds(1);

    // Ages tick in the browser: only a changed alarm list or run renders.
    protected override object? ViewKey => (_alarmsVersion, _run, _runFreshness, _runFreshness == Freshness.Fresh ? null : _runStamp);

    private string SiteZoneLabel => Site.Value.TimeZone == "Asia/Shanghai" ? L["BeijingTime"] : Site.Value.TimeZone;

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        var snapshot = Store.Alarms.Snapshot();
        _alarmsVersion = snapshot.Version;
        _tiles = WallTiles.Build(snapshot);
        (_run, _runStamp) = Store.Run.Snapshot();
        _runFreshness = Store.RunFreshness(Store.Time.GetUtcNow());
    }

    private static string Css(AlarmSeverity? severity) => severity?.ToString().ToLowerInvariant() ?? "ok";
}
