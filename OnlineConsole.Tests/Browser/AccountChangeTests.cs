using System.Diagnostics;
using Microsoft.Playwright;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

/// <summary>
/// An open page follows its account within seconds: an admin lowers a role or disables an account on the Users
/// page, or the user signs out in another tab, and the pages already open change without a reload.
/// </summary>
[Trait("Category", "Browser")]
public sealed class AccountChangeTests() : AppAndBrowser(AppProcess.FastSimulatorArgs())
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    private async Task<IPage> SignInAsync(string name, string path)
    {
        var (page, _) = await Browser.NewPageAsync(App.BaseUri);
        await BrowserFixture.SignInAsync(page, name, path: path);
        return page;
    }

    private async Task<IPage> UsersPageAsync()
    {
        var admin = await SignInAsync(AppProcess.AdminName, "/admin/users");
        await Assertions.Expect(admin.Locator("[data-testid=users-table]")).ToBeVisibleAsync();
        return admin;
    }

    [Fact]
    public async Task A_demoted_expert_loses_the_run_commands_within_5_s_and_a_forced_click_is_refused_and_audited()
    {
        await App.AddUserAsync("erin", "expert");
        var expert = await SignInAsync("erin", "/run");
        await Assertions.Expect(expert.Locator("[data-testid=run-control]")).ToBeVisibleAsync();
        await Assertions.Expect(expert.Locator("[data-testid=cmd-disabled]")).ToHaveCountAsync(0);
        var admin = await UsersPageAsync();

        await UsersPageActions.SetRoleAsync(admin, "erin", "Shifter");
        var watch = Stopwatch.StartNew();
        await Assertions.Expect(expert.Locator("[data-testid=cmd-disabled]")).ToContainTextAsync("Shifter", new() { Timeout = (float)Within.TotalMilliseconds });
        await UsersPageActions.SetRoleAsync(admin, "erin", "Display");
        await Assertions.Expect(expert.Locator("[data-testid=cmd-disabled]")).ToContainTextAsync("Display", new() { Timeout = (float)Within.TotalMilliseconds });
        await Assertions.Expect(expert.Locator("[data-testid=user-role]")).ToHaveTextAsync("Display");
        Assert.True(watch.Elapsed < 2 * Within, $"took {watch.Elapsed}");

        // The button forced back on in the DOM still reaches the server, which asks the account and refuses.
        await expert.EvalOnSelectorAsync("[data-testid=cmd-Pause]", "b => b.disabled = false");
        await expert.ClickAsync("[data-testid=cmd-Pause]");
        await RunPageActions.ConfirmAsync(expert);
        await Assertions.Expect(expert.Locator("[data-testid=cmd-feedback]")).ToContainTextAsync("Refused: this needs the Expert role; your account is now Display");

        var csv = await (await admin.APIRequest.GetAsync("/admin/audit.csv?action=run.pause")).TextAsync();
        Assert.Contains(",erin,", csv, StringComparison.Ordinal);
        Assert.Contains("refused: role too low (needs Expert, account is Display)", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",ok\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_account_s_open_pages_go_to_sign_in_within_5_s_and_its_old_cookie_is_refused()
    {
        await App.AddUserAsync("dora", "expert");
        var run = await SignInAsync("dora", "/run");
        var detector = await run.Context.NewPageAsync();
        await detector.GotoAsync("/detector");
        await Assertions.Expect(detector.Locator("[data-circuit=interactive]")).ToBeVisibleAsync();
        var cookie = (await run.Context.CookiesAsync()).Single(c => c.Name == "oc-session").Value;
        var admin = await UsersPageAsync();

        await admin.ClickAsync("[data-testid=toggle-dora]");
        var watch = Stopwatch.StartNew();
        // Both pages are watched from the click on; "Commit" is the navigation itself, not the login page's load.
        var left = await Task.WhenAll(LeavesAsync(run, watch), LeavesAsync(detector, watch));
        Assert.True(left.All(t => t < Within), $"left after {string.Join(", ", left)}");

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = App.BaseUri };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/run");
        request.Headers.Add("Cookie", "oc-session=" + cookie);
        using var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private static async Task<TimeSpan> LeavesAsync(IPage page, Stopwatch watch)
    {
        await page.WaitForURLAsync("**/login**", new() { Timeout = (float)(2 * Within).TotalMilliseconds, WaitUntil = WaitUntilState.Commit });
        return watch.Elapsed;
    }

    [Fact]
    public async Task Signing_out_in_one_tab_ends_the_other_tab_s_circuit()
    {
        await App.AddUserAsync("sina", "shifter");
        var first = await SignInAsync("sina", "/");
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync("/run");
        await Assertions.Expect(second.Locator("[data-circuit=interactive]")).ToBeVisibleAsync();

        await first.ClickAsync("[data-testid=sign-out]");
        await first.WaitForURLAsync("**/login**");
        await second.WaitForURLAsync("**/login**", new() { Timeout = (float)Within.TotalMilliseconds });
        await Assertions.Expect(second.Locator("[data-circuit=interactive]")).ToHaveCountAsync(0);
    }
}
