using Microsoft.Playwright;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

/// <summary>A fresh install has no user and no default password: the first admin is created from the machine itself.</summary>
[Trait("Category", "Browser")]
public sealed class FirstRunTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public FirstRunTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task The_first_admin_is_created_on_the_setup_page_which_then_closes()
    {
        await using var app = new AppProcess(AppProcess.FastSimulatorArgs());
        await app.StartAsync();
        var (page, _) = await _browser.NewPageAsync(app.BaseUri);
        await page.GotoAsync("/");
        await page.ClickAsync("a[href='/setup']");
        await page.WaitForURLAsync("**/setup");
        // The URL changes before an enhanced navigation has replaced the page (the login page has the same inputs).
        await Assertions.Expect(page.Locator("[data-testid=setup-form]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.FillAsync("[data-testid=setup-form] input[name=username]", "chief");
        await page.FillAsync("[data-testid=setup-form] input[name=password]", "short");
        await page.ClickAsync("[data-testid=setup-form] button[type=submit]");
        await page.WaitForURLAsync("**/setup?error=*");
        await Assertions.Expect(page.Locator(".login-error")).ToContainTextAsync("at least 10 characters");

        await Assertions.Expect(page.Locator("[data-testid=setup-form]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.FillAsync("[data-testid=setup-form] input[name=username]", "chief");
        await page.FillAsync("[data-testid=setup-form] input[name=password]", AppProcess.Password);
        await page.ClickAsync("[data-testid=setup-form] button[type=submit]");
        await page.WaitForURLAsync("**/login");
        await BrowserFixture.SignInAsync(page, "chief", AppProcess.Password);
        await Assertions.Expect(page.Locator("[data-testid=user-role]")).ToHaveTextAsync("Admin");

        await page.GotoAsync("/setup");
        await Assertions.Expect(page.Locator("[data-testid=setup-closed]")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
