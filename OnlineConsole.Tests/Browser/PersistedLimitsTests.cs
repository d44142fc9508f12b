using Microsoft.Playwright;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

/// <summary>A limit an expert saves is in the settings database: the console process restarted still applies it.</summary>
[Trait("Category", "Browser")]
public sealed class PersistedLimitsTests(BrowserFixture browser, PostgresServer postgres) : IClassFixture<BrowserFixture>, IClassFixture<PostgresServer>
{
    [Fact]
    public Task A_limit_saved_in_the_editor_survives_a_restart_on_SQLite() => SaveRestartAndCheckAsync([]);

    [Fact]
    public Task A_limit_saved_in_the_editor_survives_a_restart_on_PostgreSQL() =>
        SaveRestartAndCheckAsync(["--Data:Provider", "PostgreSql", "--Data:ConnectionString", postgres.ConnectionString]);

    private async Task SaveRestartAndCheckAsync(string[] database)
    {
        await using var app = new AppProcess([.. AppProcess.FastSimulatorArgs(), .. database]);
        await app.AddUserAsync(AppProcess.AdminName, "admin");
        await app.StartAsync();
        var (page, _) = await browser.NewPageAsync(app.BaseUri);
        await BrowserFixture.SignInAsync(page, path: "/detector");
        var hot = page.Locator("[data-testid=limits-SPMT] td:nth-child(6) input");
        await Assertions.Expect(hot).ToHaveValueAsync("4000");
        await LimitsEditorPage.SaveAsync(page, hot, "5500", "new SPMT firmware");
        await page.Context.CloseAsync();

        await app.StopAsync();
        await app.StartAsync();
        (page, _) = await browser.NewPageAsync(app.BaseUri);
        await BrowserFixture.SignInAsync(page, path: "/detector");
        await Assertions.Expect(page.Locator("[data-testid=limits-SPMT] td:nth-child(6) input")).ToHaveValueAsync("5500");
        Assert.Contains("from the settings database", app.Output, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
