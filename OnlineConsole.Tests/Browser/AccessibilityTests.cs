using System.Reflection;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Components;
using Microsoft.Playwright;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

/// <summary>
/// Every page, signed in as an admin (who sees every control), in both themes, checked by axe-core in the real
/// browser: no serious or critical violation (contrast, names of inputs and buttons, keyboard-reachable regions).
/// </summary>
[Trait("Category", "Browser")]
public sealed class AccessibilityTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public AccessibilityTests(BrowserFixture browser) => _browser = browser;

    /// <summary>Every routable page of the console, found from its @page attributes, so a new page is checked too.</summary>
    public static IReadOnlyList<string> Pages() =>
    [
        .. typeof(OnlineConsole.Hosting.SiteOptions).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .Where(t => !t.Contains('{', StringComparison.Ordinal))
            .Distinct()
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public async Task Every_page_has_no_serious_or_critical_violation_in_either_theme()
    {
        await using var app = new AppProcess(AppProcess.FastSimulatorArgs());
        await app.StartWithAdminAsync();
        var (page, _) = await _browser.NewPageAsync(app.BaseUri);
        var found = new List<string>();
        try
        {
            // The static sign-in page first, as everyone sees it.
            await page.GotoAsync("/login");
            found.AddRange(await CheckAsync(page, "/login (dark)"));
            await BrowserFixture.SignInAsync(page);
            var pages = Pages().Where(p => p is not "/login" and not "/setup").ToList();
            Assert.Contains("/", pages);
            Assert.Contains("/network", pages);
            // A developer checking a few pages: ONLINECONSOLE_A11Y_PAGES=/logs,/metrics (CI never sets it).
            if (Environment.GetEnvironmentVariable("ONLINECONSOLE_A11Y_PAGES") is { Length: > 0 } only && Environment.GetEnvironmentVariable("CI") != "true")
                pages = [.. pages.Where(p => only.Split(',').Contains(p))];
            foreach (var theme in new[] { "dark", "light" })
            {
                if (theme == "light")
                {
                    await page.GotoAsync("/");
                    await Assertions.Expect(page.Locator("[data-circuit=interactive]")).ToBeVisibleAsync();
                    await page.ClickAsync("[data-testid=theme-toggle]");
                    await Assertions.Expect(page.Locator("body.theme-light")).ToBeVisibleAsync();
                }
                foreach (var path in pages)
                {
                    await page.GotoAsync(path);
                    await Assertions.Expect(page.Locator("[data-circuit=interactive]")).ToBeVisibleAsync();
                    // Live pages settle: the first frames, tables and charts are drawn.
                    await page.WaitForTimeoutAsync(1_500);
                    found.AddRange(await CheckAsync(page, $"{path} ({theme})"));
                    // A page with tabs: every tab, as its own view.
                    var tabs = page.GetByRole(AriaRole.Tab);
                    for (var i = 1; i < await tabs.CountAsync(); i++)
                    {
                        await tabs.Nth(i).ClickAsync();
                        await page.WaitForTimeoutAsync(300);
                        found.AddRange(await CheckAsync(page, $"{path} tab '{await tabs.Nth(i).TextContentAsync()}' ({theme})"));
                    }
                }
            }
        }
        finally
        {
            await page.Context.CloseAsync();
        }
        Assert.True(found.Count == 0, $"{found.Count} serious or critical violations:\n{string.Join("\n", found)}");
    }

    internal static async Task<IEnumerable<string>> CheckAsync(IPage page, string where)
    {
        // Judged as the page rests: a button that just became enabled still fades from its disabled grey (MudBlazor's
        // 250 ms colour transition), and axe would read that mixed colour.
        await page.WaitForTimeoutAsync(300);
        var result = await page.RunAxe();
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .SelectMany(v => v.Nodes.Take(5).Select(n => $"{where}: {v.Id} ({v.Impact}) {n.Target} {Trim(string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message)))}"));
    }

    private static string Trim(string? s) => s is null ? "" : s.Replace('\n', ' ').Length > 200 ? s.Replace('\n', ' ')[..200] : s.Replace('\n', ' ');
}
