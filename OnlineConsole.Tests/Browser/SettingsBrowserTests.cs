using System.Text.Json;
using Microsoft.Playwright;
using OnlineConsole.Tests.Notifications;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

/// <summary>
/// The notification settings as an admin uses them, against a WeCom-compatible sink: a contact point created and
/// tested, a route built, an example alarm previewed, and the simulator's alarms arriving at the sink; a shifter
/// sees it all read-only.
/// </summary>
[Trait("Category", "Browser")]
public sealed class SettingsBrowserTests : IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Soon = new() { Timeout = 20_000 };
    private readonly ReceiverSink _sink = new();
    private readonly AppProcess _app = new([.. AppProcess.FastSimulatorArgs()]);
    private readonly BrowserFixture _browser = new();

    public Task InitializeAsync() => Task.WhenAll(_app.StartWithAdminAsync(), _browser.InitializeAsync());

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
    }

    private static async Task SaveWithReasonAsync(IPage page, string saveButton, string reason)
    {
        await page.ClickAsync($"[data-testid={saveButton}]");
        await page.FillAsync("[data-testid=settings-reason]", reason);
        await page.ClickAsync("[data-testid=confirm-send]");
        await Assertions.Expect(page.Locator("[data-testid=settings-feedback]")).ToHaveAttributeAsync("data-outcome", "ok", Soon);
    }

    private static async Task PickAsync(IPage page, string select, string item)
    {
        await page.ClickAsync($"[data-testid={select}]");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = item }).ClickAsync();
        // A multi-select stays open after a pick; under load the first Escape can land while the pick's re-render is
        // still on its way and be lost, so it is pressed again until the list has closed.
        var open = page.Locator(".mud-popover-open .mud-list-item");
        for (var attempt = 0; attempt < 5 && await open.CountAsync() > 0; attempt++)
        {
            // Escape first; when that is lost, a click outside the list (on the overlay) closes it as a user would.
            if (attempt % 2 == 0) await page.Keyboard.PressAsync("Escape");
            else await page.Locator("h1.page-title").ClickAsync(new() { Force = true });
            try { await open.First.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 3_000 }); }
            catch (System.TimeoutException) { }
        }
        await Assertions.Expect(open).ToHaveCountAsync(0);
    }

    // A text field sends its value on change; a re-render still on its way from an earlier step (the pick above)
    // can put the old value back over typed text. Typed again until the value stays.
    private static async Task FillSteadyAsync(IPage page, string testId, string value)
    {
        var field = page.Locator($"[data-testid={testId}]");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await field.FillAsync(value);
            await field.BlurAsync();
            await Task.Delay(400);
            if (await field.InputValueAsync() == value) return;
        }
        await Assertions.Expect(field).ToHaveValueAsync(value);
    }

    [Fact]
    public async Task An_admin_creates_a_robot_tests_it_routes_alarms_to_it_previews_one_and_the_simulated_alarms_arrive()
    {
        var (page, errors) = await _browser.NewPageAsync(_app.BaseUri);
        await BrowserFixture.SignInAsync(page, path: "/settings");
        await Assertions.Expect(page.Locator("[data-testid=settings-version]")).ToContainTextAsync("version 0");

        await OpenTabAsync(page, "Contact points");
        await page.ClickAsync("[data-testid=point-add]");
        await page.FillAsync("[data-testid=point-name]", "shift-robot");
        await page.FillAsync("[data-testid=point-wecom-url]", _sink.BaseUrl);
        await page.FillAsync("[data-testid=point-wecom-key]", ReceiverSink.Key);
        await page.Locator("[data-testid=point-wecom-key]").BlurAsync();
        await page.ClickAsync("[data-testid=point-test]");
        await Assertions.Expect(page.Locator("[data-testid=point-test-result]")).ToHaveAttributeAsync("data-outcome", "sent", Soon);
        var violations = (await AccessibilityTests.CheckAsync(page, "contact point editor")).ToList();
        var test = Assert.Single(_sink.WeCom);
        Assert.Contains("[Test]", test.GetProperty("markdown").GetProperty("content").GetString(), StringComparison.Ordinal);
        await SaveWithReasonAsync(page, "points-save", "robot of the shift group");

        // Saved, the key comes back only as its mask.
        await page.ClickAsync("[data-testid=point-edit]");
        Assert.Equal("****4444", await page.InputValueAsync("[data-testid=point-wecom-key]"));
        Assert.DoesNotContain(ReceiverSink.Key, await page.ContentAsync(), StringComparison.Ordinal);

        await OpenTabAsync(page, "Routes");
        await PickAsync(page, "route-points", "shift-robot");
        await FillSteadyAsync(page, "route-group-wait", "00:00:01");
        await SaveWithReasonAsync(page, "routes-save", "every alarm to the shift robot");

        await OpenTabAsync(page, "General");
        await page.ClickAsync("[data-testid=general-enabled]");
        await SaveWithReasonAsync(page, "general-save", "notifications on for the run");
        await Assertions.Expect(page.Locator("[data-testid=settings-version]")).ToContainTextAsync("version 3");
        await Assertions.Expect(page.Locator("[data-testid=settings-enabled]")).ToContainTextAsync("Notifications on");

        await OpenTabAsync(page, "Preview");
        await page.FillAsync("[data-testid=preview-labels]", "area=network, device=sw-core-1");
        await page.Locator("[data-testid=preview-labels]").BlurAsync();
        await page.ClickAsync("[data-testid=preview-run]");
        var route = page.Locator("[data-testid=preview-route][data-route=root]");
        await Assertions.Expect(route).ToContainTextAsync("shift-robot");
        await Assertions.Expect(route).ToContainTextAsync("after group wait 00:00:01");
        await Assertions.Expect(route).ToContainTextAsync("area=network");
        // Saved messages come and go as snackbars; axe judges a fading one by its half-transparent colours.
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        violations.AddRange(await AccessibilityTests.CheckAsync(page, "preview result"));
        await OpenTabAsync(page, "Routes");
        await page.ClickAsync("[data-testid=route-add-child]");
        violations.AddRange(await AccessibilityTests.CheckAsync(page, "route editor"));
        await page.ClickAsync("[data-testid=routes-discard]");

        // The simulator's active alarms reach the robot as grouped messages.
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (!_sink.WeCom.Any(m => m.GetProperty("markdown").GetProperty("content").GetString()!.Contains("FIRING", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            await Task.Delay(250);
        var firing = _sink.WeCom.Select(m => m.GetProperty("markdown").GetProperty("content").GetString()!).FirstOrDefault(c => c.Contains("FIRING", StringComparison.Ordinal));
        Assert.True(firing is not null, "no alarm message reached the sink; got: " + string.Join(" | ", _sink.WeCom.Select(m => m.ToString())));
        Assert.Contains("/alarms?key=", firing, StringComparison.Ordinal);

        // History: three versions after the files, each with who and why; the audit keeps the masked before/after.
        await OpenTabAsync(page, "History");
        await Assertions.Expect(page.Locator("[data-testid=history-row]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=history-row][data-version='2']")).ToContainTextAsync("every alarm to the shift robot");
        var csv = await (await page.APIRequest.GetAsync("/admin/audit.csv?action=notifications.change")).TextAsync();
        Assert.Contains("robot of the shift group", csv, StringComparison.Ordinal);
        Assert.Contains("****4444", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(ReceiverSink.Key, csv, StringComparison.Ordinal);
        var yaml = await (await page.APIRequest.GetAsync("/settings/notifications.yaml")).TextAsync();
        Assert.Contains("Name: \"shift-robot\"", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain(ReceiverSink.Key, yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("****", yaml, StringComparison.Ordinal);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task A_shifter_sees_the_settings_read_only_and_cannot_download_them()
    {
        await _app.AddUserAsync("sid", "shifter");
        var (page, _) = await _browser.NewPageAsync(_app.BaseUri);
        await BrowserFixture.SignInAsync(page, "sid", path: "/settings");
        await Assertions.Expect(page.Locator("[data-testid=settings-read-only]")).ToContainTextAsync("Shifter");
        await Assertions.Expect(page.Locator("[data-testid=general-enabled]")).ToBeDisabledAsync();
        await OpenTabAsync(page, "Contact points");
        await Assertions.Expect(page.Locator("[data-testid=point-add]")).ToBeDisabledAsync();
        await OpenTabAsync(page, "Silences");
        await Assertions.Expect(page.Locator("[data-testid=silence-create]")).ToBeDisabledAsync();
        var export = await page.APIRequest.GetAsync("/settings/notifications.yaml", new() { MaxRedirects = 0 });
        Assert.NotEqual(200, export.Status);
    }

    // A tab click landing while the page re-renders was seen to select nothing on a loaded CI machine (the test then
    // waited 15 s for the tab's content): the click is repeated until the tab is the active one, as a user would.
    private static async Task OpenTabAsync(IPage page, string name)
    {
        var tab = page.GetByRole(AriaRole.Tab, new() { Name = name });
        for (var attempt = 1; ; attempt++)
        {
            await tab.ClickAsync();
            try
            {
                await Assertions.Expect(tab).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmud-tab-active\b"), new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                // Not selected yet: click once more.
            }
        }
    }
}
