using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

/// <summary>
/// The alarm wall and the KPI page in a real browser, as a display account: tiles follow alarms submitted to the
/// running console, ages tick in the browser, the annunciator is switched on per browser and counts a new major
/// alarm. Set SCREENSHOT_DIR to keep 1080p screenshots of both pages.
/// </summary>
[Trait("Category", "Browser")]
[Collection(AlarmAppCollection.Name)]
public sealed partial class WallBrowserTests(AlarmApp app)
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Soon = new() { Timeout = 15_000 };

    private async Task<(IPage Page, List<string> Errors)> OpenAsync(string path)
    {
        var context = await app.Browser.Browser.NewContextAsync(new() { BaseURL = app.BaseUri.ToString(), ViewportSize = new() { Width = 1920, Height = 1080 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add(m.Text); };
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        await BrowserFixture.SignInAsync(page, "wally", path: path);
        return (page, errors);
    }

    private void Submit(string key, AlarmSeverity severity, string area, string message, bool active = true) =>
        app.Store.Alarms.Submit([new AlarmSignal(key, active, severity, message)
        {
            Source = "ingest", Labels = new Dictionary<string, string> { ["area"] = area },
        }]);

    // Leaves the shared console as it was for the other alarm tests.
    private void Clear(params string[] keys)
    {
        foreach (var key in keys)
        {
            if (app.Store.Alarms.Find(key) is not { } a) continue;
            Submit(key, a.Severity, "dcs", a.Message, active: false);
            if (app.Store.Alarms.Find(key) is { } left) app.Store.Alarms.Acknowledge(key, left.Activation, "test", "test over");
        }
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is not { Length: > 0 } dir) return;
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new() { Path = Path.Combine(dir, name), FullPage = name.Contains("kpi", StringComparison.Ordinal) });
    }

    [Fact]
    public async Task A_display_account_sees_the_wall_follow_alarms_with_ticking_ages_and_the_annunciator_counts_a_new_major_alarm()
    {
        string[] keys = ["wall:dcs-hv", "wall:run-cfg", "wall:dcs-temp", "wall:ext"];
        try
        {
            var (page, errors) = await OpenAsync("/wall");
            await Assertions.Expect(page.Locator("#link-state")).ToHaveAttributeAsync("data-state", "connected", Soon);
            await Assertions.Expect(page.Locator("[data-testid=wall-run-number]")).Not.ToHaveTextAsync("—");
            await Assertions.Expect(page.Locator("[data-testid=wall-clock-utc]")).ToHaveTextAsync(ClockText());
            await Assertions.Expect(page.Locator("[data-testid=wall-clock-site]")).ToHaveTextAsync(ClockText());
            Assert.Equal(0, await page.Locator(".mud-drawer, .mud-appbar, nav").CountAsync());
            Assert.True(await page.Locator("[data-testid^=wall-tile-]").CountAsync() >= 6);

            // Switched on in this browser (the click is the gesture that lets audio start).
            var annunciator = page.Locator("[data-testid=annunciator]");
            await Assertions.Expect(annunciator).ToHaveAttributeAsync("data-enabled", "off", Soon);
            await page.ClickAsync("[data-testid=annunciator-toggle]");
            await Assertions.Expect(annunciator).ToHaveAttributeAsync("data-enabled", "on");
            Assert.Equal("on", await page.EvaluateAsync<string>("localStorage.getItem('onlineConsole.annunciator')"));

            Submit("wall:dcs-hv", AlarmSeverity.Critical, "dcs", "HV crate 3 tripped: 48 channels off");
            Submit("wall:dcs-temp", AlarmSeverity.Minor, "dcs", "Water temperature sensor T-117 above 22 °C");
            Submit("wall:run-cfg", AlarmSeverity.Major, "run", "Run configuration differs from the shift plan");
            Submit("wall:ext", AlarmSeverity.Warning, "cryogenics", "External: nitrogen level low");
            var dcs = page.Locator("[data-testid=wall-tile-dcs]");
            await Assertions.Expect(dcs).ToHaveAttributeAsync("data-severity", "critical", Soon);
            await Assertions.Expect(dcs.Locator(".wall-tile-head [data-testid=severity]")).ToHaveTextAsync("Critical");
            await Assertions.Expect(dcs.Locator("[data-testid=wall-active]")).ToHaveTextAsync("2 active");
            await Assertions.Expect(dcs.Locator("[data-testid=wall-message]").First).ToContainTextAsync("HV crate 3 tripped");
            await Assertions.Expect(page.Locator("[data-testid=wall-tile-run]")).ToHaveAttributeAsync("data-severity", "major");
            await Assertions.Expect(page.Locator("[data-testid=wall-tile-other]")).ToHaveAttributeAsync("data-severity", "warning");

            // The age ticks in the browser, with no render from the server.
            var age = dcs.Locator("[data-testid=wall-message] .wall-age").First;
            await Assertions.Expect(age).ToHaveTextAsync(new Regex(@"^\d+ s$"));
            var first = await age.TextContentAsync();
            await Assertions.Expect(age).Not.ToHaveTextAsync(first!, new() { Timeout = 5_000 });

            // The critical and the major activation were new to this page: one sound for the burst.
            await Assertions.Expect(annunciator).ToHaveAttributeAsync("data-sounded", "1", Soon);
            Assert.Equal("critical", await annunciator.GetAttributeAsync("data-last-severity"));
            await ScreenshotAsync(page, "wall.png");

            // Still on after a reload; what already stands does not sound again.
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("[data-testid=annunciator]")).ToHaveAttributeAsync("data-enabled", "on", Soon);
            await Assertions.Expect(page.Locator("[data-testid=wall-tile-dcs]")).ToHaveAttributeAsync("data-severity", "critical", Soon);
            await Task.Delay(1500);
            Assert.Equal("0", await page.Locator("[data-testid=annunciator]").GetAttributeAsync("data-sounded"));

            // In Chinese, and dark even where this browser chose the light theme.
            await page.Context.AddCookiesAsync([
                new() { Name = ".AspNetCore.Culture", Value = "c=zh-CN|uic=zh-CN", Url = app.BaseUri.ToString() },
                new() { Name = "oc-theme", Value = "light", Url = app.BaseUri.ToString() },
            ]);
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("body.theme-light")).ToBeAttachedAsync();
            await Assertions.Expect(page.Locator("[data-testid=wall-tile-dcs] h2")).ToHaveTextAsync("慢控制", new() { Timeout = 15_000 });
            await Assertions.Expect(page.Locator("[data-testid=wall-tile-dcs] .wall-tile-head [data-testid=severity]")).ToHaveTextAsync("紧急");
            Assert.Equal("rgb(11, 14, 18)", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.wall-root')).backgroundColor"));
            await Assertions.Expect(page.Locator("#link-state")).ToHaveAttributeAsync("data-state", "connected", Soon);
            await Assertions.Expect(page.Locator("[data-testid=wall-clock-site]")).ToHaveTextAsync(ClockText());
            await ScreenshotAsync(page, "wall-zh.png");
            Assert.Empty(errors);
            await page.Context.CloseAsync();
        }
        finally
        {
            Clear(keys);
        }
    }

    [Fact]
    public async Task A_tile_shows_only_whole_messages_and_counts_the_ones_that_did_not_fit()
    {
        string[] keys = [.. Enumerable.Range(0, 6).Select(i => $"wall:fit{i}")];
        try
        {
            var (page, errors) = await OpenAsync("/wall");
            // A short screen: long messages wrap to two lines and fewer fit than the server sends.
            await page.SetViewportSizeAsync(1500, 760);
            foreach (var (key, i) in keys.Select((k, i) => (k, i)))
                Submit(key, AlarmSeverity.Major, "dcs", $"HV crate {i}: the supply of board {i} reports an overcurrent trip on several channels at once");
            var dcs = page.Locator("[data-testid=wall-tile-dcs]");
            await Assertions.Expect(dcs.Locator("[data-testid=wall-active]")).ToHaveTextAsync("6 active", new() { Timeout = 15_000 });
            await Assertions.Expect(dcs.Locator("[data-testid=wall-more]")).ToBeVisibleAsync();
            await Task.Delay(1200);
            if (Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is { Length: > 0 }) await ScreenshotAsync(page, "wall-fit.png");
            var fit = await dcs.EvaluateAsync<int[]>("""
                t => {
                  const list = t.querySelector('.wall-messages'), more = t.querySelector('[data-testid=wall-more]');
                  const shown = [...list.children].filter(li => !li.hidden);
                  const cut = shown.filter(li => li.getBoundingClientRect().bottom > list.getBoundingClientRect().bottom + 1).length;
                  const overlap = shown.filter(li => li.getBoundingClientRect().bottom > more.getBoundingClientRect().top + 1).length;
                  return [shown.length, cut, overlap, list.children.length];
                }
                """);
            var (shown, cut, overlap, sent) = (fit[0], fit[1], fit[2], fit[3]);
            Assert.True(shown < sent, $"{shown} of {sent} messages shown");
            Assert.True(cut == 0 && overlap == 0, $"shown {shown} of {sent}; {cut} cut off by the tile, {overlap} under the more line");
            await Assertions.Expect(dcs.Locator("[data-testid=wall-more]")).ToHaveTextAsync($"+ {keys.Length - shown} more");

            // On a full-height screen more fit, and the count follows.
            await page.SetViewportSizeAsync(1920, 1080);
            await Task.Delay(1200);
            var shownTall = await dcs.EvaluateAsync<int>("t => [...t.querySelector('.wall-messages').children].filter(li => !li.hidden).length");
            Assert.True(shownTall >= shown, $"{shownTall} shown at 1080p, {shown} at 760");
            await Assertions.Expect(dcs.Locator("[data-testid=wall-more]")).ToHaveTextAsync($"+ {keys.Length - shownTall} more");
            Assert.Empty(errors);
            await page.Context.CloseAsync();
        }
        finally
        {
            Clear(keys);
        }
    }

    [Fact]
    public async Task A_display_account_opens_the_KPI_page_with_its_chart_and_downloads_the_CSV()
    {
        string[] keys = [.. Enumerable.Range(0, 12).Select(i => $"kpi:pump{i:00}")];
        try
        {
            foreach (var key in keys) Submit(key, AlarmSeverity.Minor, "dcs", key + " tripped");
            var (page, errors) = await OpenAsync("/alarms/kpi");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Alarm performance");
            await Assertions.Expect(page.Locator("[data-testid=kpi-floods] tbody tr").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=kpi-chart]")).Not.ToHaveAttributeAsync("data-drawn", "0", Soon);
            await Assertions.Expect(page.Locator("[data-testid=kpi-chart] .main-svg").First).ToBeVisibleAsync();
            Assert.True(await page.Locator("[data-testid=kpi-chart] .bars path").CountAsync() > 0);

            var csv = await page.APIRequest.GetAsync("/api/alarms/kpi.csv?table=top");
            Assert.Equal(200, csv.Status);
            Assert.StartsWith("text/csv", csv.Headers["content-type"], StringComparison.Ordinal);
            Assert.Contains("kpi:pump", await csv.TextAsync(), StringComparison.Ordinal);
            await ScreenshotAsync(page, "alarm-kpi.png");
            Assert.Empty(errors);
            await page.Context.CloseAsync();
        }
        finally
        {
            Clear(keys);
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")]
    private static partial Regex ClockText();
}
