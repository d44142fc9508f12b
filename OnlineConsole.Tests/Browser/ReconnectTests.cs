using Microsoft.Playwright;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

/// <summary>The server goes away and comes back: the user must see it, and the page must recover by itself.</summary>
[Trait("Category", "Browser")]
public sealed class ReconnectTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public ReconnectTests(BrowserFixture browser) => _browser = browser;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Server_stop_shows_the_link_lost_and_the_page_recovers_when_it_is_back(bool kill)
    {
        var port = AppProcess.FreeTcpPort();
        var app = new AppProcess(AppProcess.FastSimulatorArgs(), port: port);
        await app.StartWithAdminAsync();
        var (page, _) = await _browser.NewPageAsync(app.BaseUri);
        try
        {
            await BrowserFixture.SignInAsync(page);
            await Assertions.Expect(page.Locator("[data-circuit=interactive]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await Assertions.Expect(page.Locator("#link-state[data-state=connected]")).ToBeVisibleAsync(new() { Timeout = 15_000 });

            await app.StopAsync(kill);
            await Assertions.Expect(page.Locator("#link-state[data-state=reconnecting], #link-state[data-state=lost]")).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("#components-reconnect-modal")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("body.link-down")).ToBeVisibleAsync();

            await app.DisposeAsync();
            // Same data folder: the restarted console knows the sign-in cookie (persisted keys).
            app = new AppProcess(AppProcess.FastSimulatorArgs(), port: port, dataDirectory: app.DataDirectory);
            await app.StartAsync();
            var started = DateTime.UtcNow;
            await Assertions.Expect(page.Locator("#link-state[data-state=connected]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await Assertions.Expect(page.Locator("[data-circuit=interactive]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await Assertions.Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException(await DiagnoseAsync(page, app, ex), ex);
        }
        finally
        {
            await page.Context.CloseAsync();
            await app.DisposeAsync();
        }
    }

    internal static async Task<string> DiagnoseAsync(IPage page, AppProcess app, Exception ex)
    {
        var history = await page.EvaluateAsync<string>("JSON.stringify(window.onlineConsole && window.onlineConsole.linkHistory)");
        var circuit = await page.Locator("[data-circuit]").GetAttributeAsync("data-circuit");
        return $"{ex.Message}\nlink history: {history}, circuit: {circuit}\napp output:\n{app.Output}";
    }

    [Fact]
    public async Task A_dropped_websocket_with_the_server_alive_resumes_the_same_circuit()
    {
        await using var app = new AppProcess(AppProcess.FastSimulatorArgs());
        await app.StartWithAdminAsync();
        await using var proxy = new TcpProxy(app.Port);
        var (page, _) = await _browser.NewPageAsync(new Uri($"http://127.0.0.1:{proxy.Port}/"));
        await BrowserFixture.SignInAsync(page);
        await Assertions.Expect(page.Locator("[data-circuit=interactive]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#link-state[data-state=connected]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.EvaluateAsync("window.__sameDocument = true");
        var number = await page.Locator("[data-testid=run-number]").TextContentAsync();

        proxy.DropAll();
        // Reconnection goes through the proxy again and resumes the circuit: same document, still live.
        await Assertions.Expect(page.Locator("#link-state[data-state=connected]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"));
        await Assertions.Expect(page.Locator("[data-testid=run-number]")).Not.ToHaveTextAsync(number!, new() { Timeout = 15_000 });
        Assert.Contains("reconnecting", await page.EvaluateAsync<string>("window.onlineConsole.linkHistory.join(',')"), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_paused_circuit_says_so_frees_its_renderer_and_resumes_in_the_same_document()
    {
        await WithConnectedPageAsync(AppProcess.FastSimulatorArgs(), async page =>
        {
            await page.EvaluateAsync("window.__sameDocument = true");
            var before = await SubscribersAsync(page);
            Assert.True(before > 0);

            Assert.True(await page.EvaluateAsync<bool>("Blazor.pauseCircuit()"));
            await Assertions.Expect(page.Locator("#link-state[data-state=paused]")).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("[data-testid=reconnect-paused]")).ToBeVisibleAsync();
            // The paused page's components are gone from the server: its subscriptions to the store too.
            await Poll.UntilAsync(async () => await SubscribersAsync(page) < before, TimeSpan.FromSeconds(10), "subscriptions released by the pause");

            await page.Locator("[data-testid=reconnect-resume]").ClickAsync();
            await Assertions.Expect(page.Locator("#link-state[data-state=connected]")).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"));
            var number = await page.Locator("[data-testid=run-number]").TextContentAsync();
            await Assertions.Expect(page.Locator("[data-testid=run-number]")).Not.ToHaveTextAsync(number!, new() { Timeout = 15_000 });
            Assert.Contains("paused", await page.EvaluateAsync<string>("window.onlineConsole.linkHistory.join(',')"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_hidden_page_pauses_after_the_configured_time_and_resumes_when_shown()
    {
        await WithConnectedPageAsync([.. AppProcess.FastSimulatorArgs(), "--Site:PauseHiddenPagesAfter=00:00:01"], async page =>
        {
            await page.EvaluateAsync("window.__sameDocument = true");
            // A headless page is always visible: the test overrides what the page reads.
            await page.EvaluateAsync("""
                window.__visibility = 'hidden';
                Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => window.__visibility });
                document.dispatchEvent(new Event('visibilitychange'));
                """);
            await Assertions.Expect(page.Locator("#link-state[data-state=paused]")).ToBeVisibleAsync(new() { Timeout = 10_000 });

            await page.EvaluateAsync("window.__visibility = 'visible'; document.dispatchEvent(new Event('visibilitychange'))");
            await Assertions.Expect(page.Locator("#link-state[data-state=connected]")).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"));
        });
    }

    [Fact]
    public async Task A_paused_page_whose_server_restarted_comes_back_live_on_resume()
    {
        var port = AppProcess.FreeTcpPort();
        var app = new AppProcess(AppProcess.FastSimulatorArgs(), port: port);
        await app.StartWithAdminAsync();
        var (page, _) = await _browser.NewPageAsync(app.BaseUri);
        try
        {
            await BrowserFixture.SignInAsync(page);
            await Assertions.Expect(page.Locator("#link-state[data-state=connected]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await page.EvaluateAsync("window.__sameDocument = true");
            Assert.True(await page.EvaluateAsync<bool>("Blazor.pauseCircuit()"));
            await Assertions.Expect(page.Locator("#link-state[data-state=paused]")).ToBeVisibleAsync(new() { Timeout = 10_000 });

            await app.DisposeAsync();
            app = new AppProcess(AppProcess.FastSimulatorArgs(), port: port, dataDirectory: app.DataDirectory);
            await app.StartAsync();
            // Resumed from the state the pause left with the page when that arrived before the disconnect, else
            // refused and reloaded (still signed in): either way the page is live again.
            await page.Locator("[data-testid=reconnect-resume]").ClickAsync();
            await Assertions.Expect(page.Locator("#link-state[data-state=connected]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await Assertions.Expect(page.Locator("[data-circuit=interactive]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
            var number = await page.Locator("[data-testid=run-number]").TextContentAsync();
            await Assertions.Expect(page.Locator("[data-testid=run-number]")).Not.ToHaveTextAsync(number!, new() { Timeout = 15_000 });
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException(await DiagnoseAsync(page, app, ex), ex);
        }
        finally
        {
            await page.Context.CloseAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>A console with these arguments and a signed-in page whose link is up; failures carry the diagnosis.</summary>
    private async Task WithConnectedPageAsync(string[] args, Func<IPage, Task> test)
    {
        await using var app = new AppProcess(args);
        await app.StartWithAdminAsync();
        var (page, _) = await _browser.NewPageAsync(app.BaseUri);
        try
        {
            await BrowserFixture.SignInAsync(page);
            await Assertions.Expect(page.Locator("#link-state[data-state=connected]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await test(page);
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException(await DiagnoseAsync(page, app, ex), ex);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task<int> SubscribersAsync(IPage page)
    {
        var response = await page.Context.APIRequest.GetAsync(new Uri(new Uri(page.Url), "/api/diagnostics/live").ToString());
        Assert.True(response.Ok, $"diagnostics answered {response.Status}");
        var json = await response.JsonAsync();
        return json!.Value.GetProperty("subscribers").GetInt32();
    }
}
