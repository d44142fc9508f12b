using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using OnlineConsole.Collectors.Redis;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

/// <summary>
/// The console as a process reading a real redis-server that the simulated run controller writes into; redis is
/// killed with SIGKILL and started again while a page is open.
/// </summary>
[Trait("Category", "Browser")]
public sealed class RedisOutageTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public RedisOutageTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task Redis_killed_shows_the_source_down_and_stale_within_2_s_and_the_page_recovers_without_reload()
    {
        await WithPageOnRedisAsync(async (page, redis) =>
        {
            await Assertions.Expect(page.Locator("[data-testid=data-freshness] .fresh-badge.fresh")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            // Survives only if the page is not reloaded.
            await page.EvaluateAsync("window.__sameDocument = true");

            await redis.KillAsync();
            var killed = Stopwatch.StartNew();
            await Assertions.Expect(page.Locator("[data-testid=source-down]")).ToBeVisibleAsync(new() { Timeout = 2_000 });
            await Assertions.Expect(page.Locator("[data-testid=data-freshness] .fresh-badge.stale")).ToBeVisibleAsync(new() { Timeout = 2_000 - (int)killed.ElapsedMilliseconds });
            Assert.True(killed.Elapsed < TimeSpan.FromSeconds(2), $"stale after {killed.Elapsed}");

            await redis.StartAgainAsync();
            var back = Stopwatch.StartNew();
            await Assertions.Expect(page.Locator("[data-testid=data-freshness] .fresh-badge.fresh")).ToBeVisibleAsync(new() { Timeout = 5_000 });
            await Assertions.Expect(page.Locator("[data-testid=source-down]")).Not.ToBeVisibleAsync(new() { Timeout = 5_000 - (int)back.ElapsedMilliseconds });
            Assert.True(back.Elapsed < TimeSpan.FromSeconds(5), $"fresh again after {back.Elapsed}");
            Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"));
        });
    }

    [Fact]
    public async Task Through_a_3_s_outage_the_overview_tile_and_the_header_turn_stale_together_and_live_again()
    {
        await WithPageOnRedisAsync(async (page, redis) =>
        {
            var tile = "[data-testid=overview-run] .fresh-badge";
            var header = "[data-testid=header-run-freshness] .fresh-badge";
            await Assertions.Expect(page.Locator(tile + ".fresh")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            // The header shows the run's badge only while it is not live.
            await Assertions.Expect(page.Locator(header)).ToHaveCountAsync(0);
            // The page notes when each badge first leaves "live" and when it is live again (every 25 ms).
            await page.EvaluateAsync("""
                ([tile, header]) => {
                  window.__seen = {};
                  const note = (k, sel) => { const el = document.querySelector(sel); const s = !el || el.classList.contains('fresh') ? 'fresh' : 'stale';
                    if (s === 'stale' && !window.__seen[k + 'Stale']) window.__seen[k + 'Stale'] = performance.now();
                    if (s === 'fresh' && window.__seen[k + 'Stale'] && !window.__seen[k + 'Fresh']) window.__seen[k + 'Fresh'] = performance.now(); };
                  setInterval(() => { note('tile', tile); note('header', header); }, 25);
                }
                """, new[] { tile, header });

            await redis.KillAsync();
            await Task.Delay(3_000);
            await redis.StartAgainAsync();
            await Poll.UntilAsync(async () => await page.EvaluateAsync<bool>("!!(window.__seen.tileFresh && window.__seen.headerFresh)"),
                TimeSpan.FromSeconds(10), "both badges live again");
            var seen = await page.EvaluateAsync<Dictionary<string, double>>("window.__seen");
            Assert.True(seen.ContainsKey("tileStale") && seen.ContainsKey("headerStale"), "both badges left live during the outage");
            Assert.True(Math.Abs(seen["tileStale"] - seen["headerStale"]) < 500,
                $"tile stale at {seen["tileStale"]:0} ms, header at {seen["headerStale"]:0} ms");
            Assert.True(Math.Abs(seen["tileFresh"] - seen["headerFresh"]) < 1_500,
                $"tile live again at {seen["tileFresh"]:0} ms, header at {seen["headerFresh"]:0} ms");
        });
    }

    /// <summary>
    /// A real redis-server fed by the simulated run controller, the console reading it, and a signed-in page;
    /// a browser failure is reported with the page's link history and the console's output.
    /// </summary>
    private async Task WithPageOnRedisAsync(Func<IPage, RedisServer, Task> test)
    {
        await using var redis = await RedisServer.StartAsync();
        var writer = await RedisRunWriter.StartControllerAsync(redis);
        await using var app = new AppProcess(["--SiteConfig", Path.Combine(TestStores.RepoRoot(), "appsettings/small-lab/site.json"),
            "--Redis:Endpoints:0=" + redis.Endpoint, "--Redis:ReconnectMaxDelay=00:00:01"]);
        await app.StartWithAdminAsync();
        var (page, _) = await _browser.NewPageAsync(app.BaseUri);
        try
        {
            await BrowserFixture.SignInAsync(page);
            await test(page, redis);
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException(await ReconnectTests.DiagnoseAsync(page, app, ex), ex);
        }
        finally
        {
            await page.Context.CloseAsync();
            await writer.StopAsync(CancellationToken.None);
        }
    }
}
