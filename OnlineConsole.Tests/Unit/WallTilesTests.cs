using OnlineConsole.Core.AlarmReports;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class WallTilesTests
{
    private readonly ManualTimeProvider _time = new();

    private AlarmArea Area() => new(new ChangeHub(_time, new StoreOptions()), _time, new AlarmOptions(), () => null);

    private static AlarmSignal On(string key, AlarmSeverity severity, string? area) =>
        new(key, true, severity, key + " message")
        {
            Source = "test",
            Labels = area is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["area"] = area },
        };

    [Fact]
    public void Every_known_area_has_a_tile_and_other_appears_only_with_alarms()
    {
        var area = Area();
        var tiles = WallTiles.Build(area.Snapshot());
        Assert.Equal(["detector", "network", "services", "dcs", "run", "console"], tiles.Select(t => t.Area));
        Assert.All(tiles, t => Assert.Equal((null, 0, 0, 0), (t.Worst, t.Active, t.Unacknowledged, t.Top.Count)));

        area.Submit([On("ext", AlarmSeverity.Minor, null), On("odd", AlarmSeverity.Warning, "cooling")]);
        tiles = WallTiles.Build(area.Snapshot());
        var other = tiles[^1];
        Assert.Equal(("other", AlarmSeverity.Minor, 2), (other.Area, other.Worst, other.Active));
    }

    [Fact]
    public void A_tile_shows_its_worst_active_alarm_counts_and_top_three()
    {
        var area = Area();
        area.Submit([
            On("d1", AlarmSeverity.Minor, "detector"), On("d2", AlarmSeverity.Critical, "Detector"), On("d3", AlarmSeverity.Warning, "detector"),
            On("d4", AlarmSeverity.Major, "detector"), On("n1", AlarmSeverity.Major, "network"),
        ]);
        // d2 clears (latched, unacknowledged), d4 is acknowledged, d3 shelved.
        area.Submit([On("d2", AlarmSeverity.Critical, "detector") with { Active = false }]);
        area.Acknowledge("d4", area.Find("d4")!.Activation, "ann", "on it");
        area.Shelve("d3", _time.GetUtcNow().AddHours(1), "ann", "known");

        var detector = WallTiles.Build(area.Snapshot())[0];
        Assert.Equal(AlarmSeverity.Major, detector.Worst);
        Assert.Equal(2, detector.Active);
        Assert.Equal(2, detector.Unacknowledged);
        Assert.Equal(3, detector.Listed);
        Assert.Equal(["d4", "d1", "d2"], detector.Top.Select(a => a.Key));
    }

    [Fact]
    public void A_root_cause_comes_before_the_alarms_it_causes_and_carries_their_count()
    {
        var area = Area();
        area.SetDependencies(new AlarmDependencies(new Dictionary<string, IReadOnlyList<string>>
        {
            ["port:edge01/1"] = ["device:edge01"], ["port:edge01/2"] = ["device:edge01"], ["port:edge01/3"] = ["device:edge01"],
        }));
        // The switch is the cause; its ports' alarms are newer, so worst-first order alone would list them first.
        area.Submit([On("switch", AlarmSeverity.Major, "network") with { Subject = "device:edge01" }]);
        _time.Advance(TimeSpan.FromSeconds(1));
        area.Submit([.. Enumerable.Range(1, 3).Select(i => On("port" + i, AlarmSeverity.Major, "network") with { Subject = "port:edge01/" + i })]);
        _time.Advance(TimeSpan.FromSeconds(1));
        area.Submit([On("port9", AlarmSeverity.Major, "network")]);

        var network = WallTiles.Build(area.Snapshot())[1];
        Assert.Equal(5, network.Active);
        Assert.Equal(["port9", "switch", "port1"], network.Top.Select(a => a.Key));
        Assert.Equal("switch", network.Top[2].SuppressedBy);
        Assert.Equal(3, network.Top[1].Affected);
    }
}
