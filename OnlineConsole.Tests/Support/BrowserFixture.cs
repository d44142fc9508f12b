using Microsoft.Playwright;

namespace OnlineConsole.Tests.Support;

/// <summary>One headless Debian Chromium for a test class; each test gets its own context (cookies, pages).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (the test script does).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>Signs in through the login form, as a user does, and waits for the live shell.</summary>
    public static async Task SignInAsync(IPage page, string name = AppProcess.AdminName, string password = AppProcess.Password, string path = "/")
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(path);
        await page.FillAsync("[data-testid=username]", name);
        await page.FillAsync("[data-testid=password]", password);
        await page.ClickAsync("[data-testid=sign-in]");
        await Assertions.Expect(page.Locator("[data-circuit=interactive]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }

    /// <summary>A new page whose console errors are collected.</summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync(Uri baseUri)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = baseUri.ToString(), ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add(m.Text); };
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        return (page, errors);
    }
}
