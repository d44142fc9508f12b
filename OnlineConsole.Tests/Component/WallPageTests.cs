using Bunit;
using OnlineConsole.Components.Alarms;
using OnlineConsole.Components.Pages;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Component;

[Trait("Category", "Component")]
public sealed class WallPageTests : IAsyncDisposable
{
    private readonly ConsoleTestContext _ctx = new();
    private readonly BunitJSModuleInterop _annunciator;

    public WallPageTests()
    {
        _annunciator = _ctx.JSInterop.SetupModule("./js/alarms/annunciator.js");
        _annunciator.Setup<long>("create", _ => true).SetResult(1);
        _annunciator.SetupVoid("update", _ => true).SetVoidResult();
        _ctx.SignIn("wall", "Display");
    }

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();

    private void Raise(string key, AlarmSeverity severity, string? area, string? message = null) =>
        _ctx.Store.Alarms.Submit([new AlarmSignal(key, true, severity, message ?? key + " is wrong")
        {
            Source = "rules",
            Labels = area is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["area"] = area },
        }]);

    private void NextBatch() => _ctx.Time.Advance(TimeSpan.FromSeconds(1.1));

    [Fact]
    public void Every_area_is_OK_with_the_run_and_both_clocks_when_nothing_is_active()
    {
        _ctx.Store.Run.Report(new RunStatus(4321, RunState.Running, "physics", _ctx.Time.GetUtcNow(), null, null), new SourceStamp("sim", _ctx.Time.GetUtcNow()), "sim");
        var page = _ctx.Render<WallPage>();
        var tiles = page.FindAll("[data-testid^=wall-tile-]");
        Assert.Equal(["detector", "network", "services", "dcs", "run", "console"], tiles.Select(t => t.GetAttribute("data-testid")!["wall-tile-".Length..]));
        Assert.All(tiles, t =>
        {
            Assert.Equal("ok", t.GetAttribute("data-severity"));
            Assert.Equal("OK", t.QuerySelector("[data-testid=severity]")!.TextContent.Trim());
            Assert.Contains("No active alarms", t.TextContent, StringComparison.Ordinal);
        });
        Assert.Equal("4321", page.Find("[data-testid=wall-run-number]").TextContent);
        Assert.Equal("Running", page.Find("[data-testid=wall-run] [data-testid=run-state]").TextContent);
        Assert.Equal("Asia/Shanghai", page.Find("[data-testid=wall-clock-site]").GetAttribute("data-clock"));
        Assert.Equal("UTC", page.Find("[data-testid=wall-clock-utc]").GetAttribute("data-clock"));
        // The wall has its own layout: no drawer, no app bar, no menu.
        Assert.Empty(page.FindAll(".mud-drawer, .mud-appbar, nav"));
    }

    [Fact]
    public void A_new_alarm_colours_its_area_with_icon_and_text_counts_it_and_lists_it_with_a_ticking_age()
    {
        var page = _ctx.Render<WallPage>();
        Raise("pmt:hot", AlarmSeverity.Minor, "detector");
        Raise("gcu:17", AlarmSeverity.Critical, "detector", "GCU 17 lost");
        Raise("hd042", AlarmSeverity.Major, "network");
        Raise("grafana:disk", AlarmSeverity.Warning, null);
        NextBatch();

        page.WaitForAssertion(() => Assert.Equal("critical", page.Find("[data-testid=wall-tile-detector]").GetAttribute("data-severity")), TimeSpan.FromSeconds(5));
        var detector = page.Find("[data-testid=wall-tile-detector]");
        Assert.Contains("tile-critical", detector.ClassList);
        var mark = detector.QuerySelector(".wall-tile-head [data-testid=severity]")!;
        Assert.Equal("Critical", mark.TextContent.Trim());
        Assert.NotNull(mark.QuerySelector("svg"));
        Assert.Equal("2 active", detector.QuerySelector("[data-testid=wall-active]")!.TextContent.Trim());
        Assert.Equal("2 unacknowledged", detector.QuerySelector("[data-testid=wall-unack]")!.TextContent.Trim());
        var messages = detector.QuerySelectorAll("[data-testid=wall-message]");
        Assert.Equal(["gcu:17", "pmt:hot"], messages.Select(m => m.GetAttribute("data-key")));
        Assert.Contains("GCU 17 lost", messages[0].TextContent, StringComparison.Ordinal);
        Assert.Equal(_ctx.Time.GetUtcNow().AddSeconds(-1.1).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            messages[0].QuerySelector("[data-since]")!.GetAttribute("data-since"));
        Assert.Equal("major", page.Find("[data-testid=wall-tile-network]").GetAttribute("data-severity"));
        // An external alarm without an area shows in "other", which appears only now.
        Assert.Equal("warning", page.Find("[data-testid=wall-tile-other]").GetAttribute("data-severity"));
        Assert.Equal("Other", page.Find("[data-testid=wall-tile-other] h2").TextContent);
        Assert.Equal(7, page.FindAll("[data-testid^=wall-tile-]").Count);

        // Acknowledged: still active, no longer waiting.
        var gcu = _ctx.Store.Alarms.Find("gcu:17")!;
        _ctx.Store.Alarms.Acknowledge("gcu:17", gcu.Activation, "sam", "calling the expert");
        NextBatch();
        page.WaitForAssertion(() => Assert.Equal("1 unacknowledged", page.Find("[data-testid=wall-tile-detector] [data-testid=wall-unack]").TextContent.Trim()), TimeSpan.FromSeconds(5));
        Assert.Equal("critical", page.Find("[data-testid=wall-tile-detector]").GetAttribute("data-severity"));
    }

    [Fact]
    public void Only_three_messages_show_with_the_rest_counted_and_Chinese_texts()
    {
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");
        try
        {
            for (var i = 0; i < 5; i++) Raise("svc" + i, AlarmSeverity.Minor, "services");
            var page = _ctx.Render<WallPage>();
            var tile = page.Find("[data-testid=wall-tile-services]");
            Assert.Equal(3, tile.QuerySelectorAll("[data-testid=wall-message]").Length);
            Assert.Equal("另有 2 条", tile.QuerySelector("[data-testid=wall-more]")!.TextContent);
            Assert.Equal("在线软件", tile.QuerySelector("h2")!.TextContent);
            Assert.Equal("次要", tile.QuerySelector(".wall-tile-head [data-testid=severity]")!.TextContent.Trim());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }
    }

    [Fact]
    public void The_annunciator_is_sent_the_standing_critical_and_major_activations_only()
    {
        var page = _ctx.Render<WallPage>();
        Assert.Single(_annunciator.Invocations["create"]);
        Raise("a", AlarmSeverity.Major, "run");
        Raise("b", AlarmSeverity.Minor, "run");
        Raise("c", AlarmSeverity.Critical, "dcs");
        NextBatch();
        var a = _ctx.Store.Alarms.Find("a")!.Activation;
        var c = _ctx.Store.Alarms.Find("c")!.Activation;
        var expected = $"{c},{a}";
        page.WaitForAssertion(() => Assert.Equal(expected, page.Find("[data-testid=annunciator]").GetAttribute("data-activations")), TimeSpan.FromSeconds(5));
        page.WaitForAssertion(() =>
        {
            var items = (object[][])_annunciator.Invocations["update"][^1].Arguments[1]!;
            Assert.Equal([(object)c, "critical", a, "major"], items.SelectMany(i => i));
        }, TimeSpan.FromSeconds(5));

        // Acknowledged alarms no longer sound.
        _ctx.Store.Alarms.Acknowledge("c", c, "sam", "seen");
        NextBatch();
        page.WaitForAssertion(() => Assert.Equal($"{a}", page.Find("[data-testid=annunciator]").GetAttribute("data-activations")), TimeSpan.FromSeconds(5));
        Assert.Equal([], Annunciator.Sounding(AlarmSnapshot.Empty));
    }
}
