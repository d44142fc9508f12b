using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnlineConsole.AlarmReports;
using OnlineConsole.Components.Alarms;
using OnlineConsole.Components.Pages;
using OnlineConsole.Core.AlarmReports;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Hosting;
using OnlineConsole.Data;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Component;

[Trait("Category", "Component")]
public sealed class AlarmKpiPageTests : IAsyncDisposable
{
    private readonly ConsoleTestContext _ctx = new();
    private readonly TempSettingsDatabase _db = new();
    private readonly AlarmJournal _journal;

    public AlarmKpiPageTests()
    {
        _journal = new AlarmJournal(_db.Database);
        _ctx.Services.AddSingleton(sp => new AlarmKpiSource(_ctx.Store, _journal, Options.Create(new AlarmKpiOptions()), sp.GetRequiredService<IOptions<SiteOptions>>()));
        _ctx.SignIn("wall", "Display");
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        _db.Dispose();
    }

    [Fact]
    public void Activations_before_a_restart_still_count_from_the_journal_and_those_older_than_a_day_do_not()
    {
        // The previous process: 3 activations 2 h before this one started, 4 more 30 h before; all journaled.
        foreach (var (hoursBefore, count) in new[] { (30, 4), (2, 3) })
        {
            var earlier = new ManualTimeProvider(_ctx.Time.GetUtcNow() - TimeSpan.FromHours(hoursBefore));
            var previous = TestStores.Create(earlier);
            for (var i = 0; i < count; i++)
            {
                previous.Alarms.Submit([new AlarmSignal("pump", true, AlarmSeverity.Major, "pump tripped") { Source = "ingest" }]);
                previous.Alarms.Submit([new AlarmSignal("pump", false, AlarmSeverity.Major, "pump tripped") { Source = "ingest" }]);
                earlier.Advance(TimeSpan.FromMinutes(5));
            }
            _journal.Write(previous.Alarms.DrainChanges(), earlier.GetUtcNow());
        }
        // And this process: 2 more.
        Flap("fan", AlarmSeverity.Minor);
        _ctx.Time.Advance(TimeSpan.FromMinutes(1));
        Flap("fan", AlarmSeverity.Minor);

        var page = _ctx.Render<AlarmKpiPage>();
        Assert.Equal("5", page.Find("[data-testid=kpi-activations] [data-testid=kpi-value]").TextContent);
        var top = page.FindAll("[data-testid=kpi-top] tbody tr");
        Assert.Equal(2, top.Count);
        Assert.Contains("pump", top[0].TextContent, StringComparison.Ordinal);
    }

    private void Flap(string key, AlarmSeverity severity)
    {
        _ctx.Store.Alarms.Submit([new AlarmSignal(key, true, severity, key + " tripped") { Source = "ingest" }]);
        _ctx.Store.Alarms.Submit([new AlarmSignal(key, false, severity, key + " tripped") { Source = "ingest" }]);
    }

    [Fact]
    public void A_flood_shows_in_the_figures_the_chart_and_the_tables()
    {
        for (var i = 0; i < 14; i++)
        {
            Flap("pump" + (i % 2), i < 2 ? AlarmSeverity.Critical : AlarmSeverity.Minor);
            _ctx.Time.Advance(TimeSpan.FromSeconds(5));
        }
        var page = _ctx.Render<AlarmKpiPage>();
        Assert.Equal("14", page.Find("[data-testid=kpi-activations] [data-testid=kpi-value]").TextContent);
        Assert.Equal("14", page.Find("[data-testid=kpi-peak-10-minutes] [data-testid=kpi-value]").TextContent);
        var peakStatus = page.Find("[data-testid=kpi-peak-10-minutes] [data-testid=kpi-status]");
        Assert.Contains("kpi-missed", peakStatus.ClassList);
        Assert.Equal("above target", peakStatus.TextContent.Trim());
        Assert.NotNull(peakStatus.QuerySelector("svg"));
        Assert.Contains("kpi-met", page.Find("[data-testid=kpi-stale] [data-testid=kpi-status]").ClassList);
        // Two keys make all of 14 activations, but 14 are too few to judge the top-10 share by.
        Assert.Equal("too few to judge", page.Find("[data-testid=kpi-top-share] [data-testid=kpi-status]").TextContent.Trim());

        var flood = Assert.Single(page.FindAll("[data-testid=kpi-floods] tbody tr"));
        Assert.Contains("pump0", flood.TextContent, StringComparison.Ordinal);
        var top = page.FindAll("[data-testid=kpi-top] tbody tr");
        Assert.Equal(2, top.Count);
        Assert.Contains("50 %", top[0].TextContent, StringComparison.Ordinal);
        // Seven activations of each within 70 s: both chattered (five within the one-minute chatter window).
        Assert.Equal(2, page.FindAll("[data-testid=kpi-chattering] tbody tr").Count);
        Assert.Equal("25", page.Find("[data-testid=kpi-chart]").GetAttribute("data-bins"));

        // The 10-minute bins: the flood bin is red on the chart.
        page.Find("input[data-testid=kpi-chart-tenminutes]").Click();
        Assert.Equal("145", page.Find("[data-testid=kpi-chart]").GetAttribute("data-bins"));
        var chart = page.FindComponent<Plotly.Blazor.PlotlyChart>();
        var bar = (Plotly.Blazor.Traces.Bar)chart.Instance.Data[0];
        Assert.Contains("#e0393e", (IEnumerable<string>)bar.Marker.Color);
        Assert.Equal(14, bar.Y.Sum(y => (int)y));
        Assert.Equal(AlarmReportEndpoints.Tables.Length, page.FindAll("[data-testid^=kpi-csv-]").Count(a => a.GetAttribute("href")!.StartsWith("/api/alarms/kpi.csv?table=", StringComparison.Ordinal)));
        Assert.Equal("/api/alarms/events.csv", page.Find("[data-testid=kpi-csv-events]").GetAttribute("href"));
    }

    [Fact]
    public void Shifts_are_named_by_their_hours_in_site_time()
    {
        var page = _ctx.Render<AlarmKpiPage>();
        var rows = page.FindAll("[data-testid=kpi-shifts] tbody tr");
        // 12:00 UTC is 20:00 in Beijing: the window covers 20:00-24:00 (part), 00-08, 08-16, 16-20 (part).
        Assert.Equal(4, rows.Count);
        Assert.StartsWith("16:00-24:00", rows[0].TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("part", rows[0].TextContent, StringComparison.Ordinal);
        Assert.StartsWith("00:00-08:00", rows[1].TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("No flood", page.Find("[data-testid=kpi-no-floods]").TextContent, StringComparison.Ordinal);
    }
}
