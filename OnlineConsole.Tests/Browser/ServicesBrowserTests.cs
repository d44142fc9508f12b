using Microsoft.Playwright;
using OnlineConsole.Tests.Supervisor;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

/// <summary>The Services page over a real supervisord: an expert restarts a process and sees its pid change.</summary>
[Trait("Category", "Browser")]
public sealed class ServicesBrowserTests(SupervisordFixture sup) : AppAndBrowser([
        .. AppProcess.FastSimulatorArgs(), "--Supervisor:PollInterval=00:00:01", "--Supervisor:Timeout=00:00:01",
        "--Supervisor:Instances:0:Name=mon01", $"--Supervisor:Instances:0:Url={sup.Url}",
        $"--Supervisor:Instances:0:User={SupervisordFixture.User}", $"--Supervisor:Instances:0:Password={SupervisordFixture.Password}",
    ]), IClassFixture<SupervisordFixture>
{
    private const string Builder = "supervisord/mon01/mon:builder";
    private static readonly LocatorAssertionsToContainTextOptions Soon = new() { Timeout = 15_000 };

    [Fact]
    public async Task An_expert_restarts_a_supervisord_process_sees_its_pid_change_and_the_audit_keeps_who_and_why()
    {
        await App.AddUserAsync("ella", "expert");
        var (page, errors) = await Browser.NewPageAsync(App.BaseUri);
        await BrowserFixture.SignInAsync(page, "ella", path: "/services");
        var row = page.Locator($"[data-testid=svc-row][data-name='{Builder}']");
        var detail = row.Locator("[data-testid=svc-detail]");
        await Assertions.Expect(detail).ToContainTextAsync("RUNNING pid ", Soon);
        // The real simulator's supervisord gives way to the configured one.
        await Assertions.Expect(page.Locator("[data-testid=svc-row][data-name='supervisord/sim-mon']")).ToHaveCountAsync(0);
        // The process that exits at once is down, and so is its host's rolled-up state.
        await Assertions.Expect(page.Locator("[data-testid=svc-row][data-name='supervisord/mon01']")).ToHaveAttributeAsync("data-state", "down");
        var before = await detail.TextContentAsync();

        await row.Locator("[data-testid=svc-restart]").ClickAsync();
        await page.FillAsync("[data-testid=svc-reason]", "builder holds an old calibration");
        await page.ClickAsync("[data-testid=confirm-send]");
        await Assertions.Expect(page.Locator("[data-testid=svc-feedback]")).ToHaveAttributeAsync("data-outcome", "accepted", new() { Timeout = 30_000 });
        await Assertions.Expect(detail).Not.ToHaveTextAsync(before!, new() { Timeout = 10_000 });
        await Assertions.Expect(detail).ToContainTextAsync("RUNNING pid ");

        var (admin, _) = await Browser.NewPageAsync(App.BaseUri);
        await BrowserFixture.SignInAsync(admin, AppProcess.AdminName, path: "/");
        var csv = await (await admin.APIRequest.GetAsync("/admin/audit.csv?action=process.restart")).TextAsync();
        Assert.Contains(",ella,", csv, StringComparison.Ordinal);
        Assert.Contains(Builder, csv, StringComparison.Ordinal);
        Assert.Contains("builder holds an old calibration", csv, StringComparison.Ordinal);
        Assert.Contains(before!, csv, StringComparison.Ordinal);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public async Task A_shifter_sees_the_processes_but_every_control_is_disabled()
    {
        await App.AddUserAsync("sid", "shifter");
        var (page, _) = await Browser.NewPageAsync(App.BaseUri);
        await BrowserFixture.SignInAsync(page, "sid", path: "/services");
        var row = page.Locator($"[data-testid=svc-row][data-name='{Builder}']");
        await Assertions.Expect(row.Locator("[data-testid=svc-detail]")).ToContainTextAsync("RUNNING pid ", Soon);
        await Assertions.Expect(row.Locator("[data-testid=svc-restart]")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=svc-experts-only]")).ToContainTextAsync("Shifter");
    }
}
