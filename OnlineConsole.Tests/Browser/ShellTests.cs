using Microsoft.Playwright;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

public sealed class SharedApp : IAsyncLifetime
{
    public AppProcess App { get; } = new(AppProcess.FastSimulatorArgs());
    public BrowserFixture Browser { get; } = new();

    public async Task InitializeAsync()
    {
        await Task.WhenAll(App.StartWithAdminAsync(), Browser.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await App.DisposeAsync();
    }
}

[Trait("Category", "Browser")]
public sealed class ShellTests : IClassFixture<SharedApp>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 15_000 };
    private readonly SharedApp _shared;

    public ShellTests(SharedApp shared) => _shared = shared;

    private async Task<(IPage Page, List<string> Errors)> OpenAsync(string path = "/")
    {
        var (page, errors) = await _shared.Browser.NewPageAsync(_shared.App.BaseUri);
        await BrowserFixture.SignInAsync(page, path: path);
        await Assertions.Expect(page.Locator("#link-state[data-state=connected]")).ToBeVisibleAsync(Soon);
        return (page, errors);
    }

    [Fact]
    public async Task Page_loads_and_the_circuit_connects_without_console_errors()
    {
        var (page, errors) = await OpenAsync();
        await Assertions.Expect(page.Locator("[data-testid=run-number]")).Not.ToHaveTextAsync("—");
        await Assertions.Expect(page.Locator("[data-testid=clock-utc]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"));
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Header_run_state_changes_live_without_reload()
    {
        var (page, _) = await OpenAsync();
        await page.EvaluateAsync("window.__noReload = true");
        var state = page.Locator("[data-testid=status-header] [data-testid=run-state]");
        var first = await state.TextContentAsync();
        // The fast simulator changes state every 1-3 s.
        await Assertions.Expect(state).Not.ToHaveTextAsync(first!, new() { Timeout = 10_000 });
        var number = int.Parse((await page.Locator("[data-testid=run-number]").TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("[data-testid=run-number]")).ToHaveTextAsync((number + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        Assert.True(await page.EvaluateAsync<bool>("window.__noReload === true"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Language_switch_shows_Chinese_and_is_remembered()
    {
        var (page, _) = await OpenAsync("/services");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Services");
        await page.ClickAsync("[data-testid=language-toggle]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("服务", new() { Timeout = 15_000 });
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.EndsWith("/services", page.Url, StringComparison.Ordinal);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("服务", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-circuit=interactive]")).ToBeVisibleAsync(Soon);
        await page.ClickAsync("[data-testid=language-toggle]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Services", new() { Timeout = 15_000 });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Theme_switch_goes_light_and_back_and_is_remembered()
    {
        var (page, _) = await OpenAsync();
        Assert.Equal("theme-dark", await page.GetAttributeAsync("body", "class"));
        var darkBackground = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        await page.ClickAsync("[data-testid=theme-toggle]");
        await Assertions.Expect(page.Locator("body.theme-light")).ToBeVisibleAsync(Soon);
        await Assertions.Expect(page.Locator("[data-circuit=interactive]")).ToBeVisibleAsync(Soon);
        var lightBackground = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        Assert.NotEqual(darkBackground, lightBackground);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("body.theme-light")).ToBeVisibleAsync(Soon);
        await Assertions.Expect(page.Locator("[data-circuit=interactive]")).ToBeVisibleAsync(Soon);
        await page.ClickAsync("[data-testid=theme-toggle]");
        await Assertions.Expect(page.Locator("body.theme-dark")).ToBeVisibleAsync(Soon);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Sign_in_shows_who_and_which_role_and_sign_out_is_one_click()
    {
        var (page, errors) = await _shared.Browser.NewPageAsync(_shared.App.BaseUri);
        await page.GotoAsync("/services");
        // Not signed in: the login page, which brings the user back where they wanted to go.
        await Assertions.Expect(page.Locator("[data-testid=login-form]")).ToBeVisibleAsync(Soon);
        await page.FillAsync("[data-testid=username]", AppProcess.AdminName);
        await page.FillAsync("[data-testid=password]", "not the password");
        await page.ClickAsync("[data-testid=sign-in]");
        await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToContainTextAsync("Wrong user name or password.");

        await page.FillAsync("[data-testid=username]", AppProcess.AdminName);
        await page.FillAsync("[data-testid=password]", AppProcess.Password);
        await page.ClickAsync("[data-testid=sign-in]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Services", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-testid=user-name]")).ToHaveTextAsync(AppProcess.AdminName);
        await Assertions.Expect(page.Locator("[data-testid=user-role]")).ToHaveTextAsync("Admin");
        await Assertions.Expect(page.Locator("[data-circuit=interactive]")).ToBeVisibleAsync(Soon);

        await page.ClickAsync("[data-testid=sign-out]");
        await Assertions.Expect(page.Locator("[data-testid=login-form]")).ToBeVisibleAsync(Soon);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("[data-testid=login-form]")).ToBeVisibleAsync(Soon);
        Assert.DoesNotContain(errors, e => !e.Contains("401", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_page_of_the_navigation_renders()
    {
        var (page, errors) = await OpenAsync();
        foreach (var (path, title) in new[] { ("/run", "Run control"), ("/detector", "Detector"), ("/spmt3d", "SPMT 3D"), ("/network", "Network"), ("/topology", "Topology"), ("/services", "Services"), ("/alarms", "Alarms"), ("/collectors", "Collectors"), ("/settings", "Settings"), ("/admin/users", "Users"), ("/admin/audit", "Audit log"), ("/", "Overview") })
        {
            await page.ClickAsync($"a.mud-nav-link[href='{path}']");
            // Live pages put a freshness badge after the title.
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(title)));
        }
        await Assertions.Expect(page.Locator("[data-testid=collector-simulator]")).ToHaveCountAsync(0);
        await page.GotoAsync("/collectors");
        await Assertions.Expect(page.Locator("[data-testid=collector-simulator] td").Nth(2)).ToHaveTextAsync("running", new() { Timeout = 15_000 });
        // A circuit error in the browser has its cause in the server's log.
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors) + Environment.NewLine + "server: " + string.Join(Environment.NewLine,
            _shared.App.Output.Split('\n').Where(l => l.Contains("rror", StringComparison.Ordinal) || l.Contains("xception", StringComparison.Ordinal)).Take(20)));
        await page.Context.CloseAsync();
    }
}
