using Microsoft.Playwright;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

/// <summary>
/// The DCS page over the embedded demonstrator: an expert ramps a dummy HV channel and sees the readback follow; a
/// shifter's forced attempt is refused by the server and audited.
/// </summary>
[Trait("Category", "Browser")]
public sealed class DcsBrowserTests() : AppAndBrowser([.. AppProcess.FastSimulatorArgs(), "--Simulator:DcsRampRate=100", "--Simulator:DcsTripPeriod=00:00:00"])
{
    private const string Channel = "dcs/hv/01/02/03/";
    private static readonly LocatorAssertionsToContainTextOptions Soon = new() { Timeout = 15_000 };

    [Fact]
    public async Task An_expert_ramps_a_dummy_hv_channel_and_sees_the_readback_follow()
    {
        await App.AddUserAsync("ella", "expert");
        var (page, errors) = await Browser.NewPageAsync(App.BaseUri);
        await BrowserFixture.SignInAsync(page, "ella", path: "/dcs?channel=" + Uri.EscapeDataString(Channel + "vset"));
        var panel = page.Locator("[data-testid=dcs-panel]");
        await Assertions.Expect(panel.Locator("h2")).ToContainTextAsync("HV 01/02 · 03 VSet", Soon);
        var vmon = panel.Locator($"[data-testid=dcs-sibling][data-id='{Channel}vmon'] [data-testid=dcs-sibling-value]");
        await Assertions.Expect(vmon).ToContainTextAsync(" V", Soon);
        var start = Volts(await vmon.TextContentAsync());
        Assert.InRange(start, 1690, 1910);

        await page.FillAsync("[data-testid=dcs-set-value]", "1500");
        await page.ClickAsync("[data-testid=dcs-set]");
        await Assertions.Expect(page.Locator("[data-testid=confirm-effect]")).ToContainTextAsync(Channel + "set/vset");
        await page.FillAsync("[data-testid=dcs-reason]", "gain scan step 1");
        await page.ClickAsync("[data-testid=confirm-send]");
        await Assertions.Expect(page.Locator("[data-testid=dcs-feedback]")).ToHaveAttributeAsync("data-outcome", "accepted", new() { Timeout = 10_000 });
        await Assertions.Expect(panel.Locator("[data-testid=dcs-panel-command]").First).ToContainTextAsync("1500: applied", Soon);

        // The readback ramps down (100 V/s) and settles at the new set voltage; the page follows without a reload.
        var seen = new List<double>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var v = Volts(await vmon.TextContentAsync());
            if (seen.Count == 0 || seen[^1] != v) seen.Add(v);
            if (Math.Abs(v - 1500) < 1.5) break;
            await page.WaitForTimeoutAsync(200);
        }
        Assert.True(Math.Abs(seen[^1] - 1500) < 1.5, "readback: " + string.Join(", ", seen));
        Assert.Contains(seen, v => v < start - 20 && v > 1510);

        var (admin, _) = await Browser.NewPageAsync(App.BaseUri);
        await BrowserFixture.SignInAsync(admin, AppProcess.AdminName, path: "/");
        var csv = await (await admin.APIRequest.GetAsync("/admin/audit.csv?action=dcs.set")).TextAsync();
        Assert.Contains(",ella,", csv, StringComparison.Ordinal);
        Assert.Contains(Channel + "vset", csv, StringComparison.Ordinal);
        Assert.Contains("gain scan step 1", csv, StringComparison.Ordinal);
        Assert.Contains("1500 V to " + Channel + "set/vset", csv, StringComparison.Ordinal);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public async Task A_shifter_sees_the_channels_and_a_forced_command_is_refused_by_the_server_and_audited()
    {
        await App.AddUserAsync("sid", "shifter");
        var (page, _) = await Browser.NewPageAsync(App.BaseUri);
        await BrowserFixture.SignInAsync(page, "sid", path: "/dcs?channel=" + Uri.EscapeDataString(Channel + "status"));
        var panel = page.Locator("[data-testid=dcs-panel]");
        await Assertions.Expect(panel.Locator("h2")).ToContainTextAsync("03 Status", Soon);
        await Assertions.Expect(page.Locator("[data-testid=dcs-experts-only]")).ToContainTextAsync("Shifter");
        var off = panel.Locator("[data-testid=dcs-off]");
        await Assertions.Expect(off).ToBeDisabledAsync();
        // The button forced back on in the DOM still reaches the server, which asks the account and refuses.
        await off.EvaluateAsync("b => b.removeAttribute('disabled')");
        await off.ClickAsync();
        await page.FillAsync("[data-testid=dcs-reason]", "just trying");
        await page.ClickAsync("[data-testid=confirm-send]");
        await Assertions.Expect(page.Locator("[data-testid=dcs-feedback]")).ToHaveAttributeAsync("data-outcome", "rejected", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("[data-testid=dcs-feedback]")).ToContainTextAsync("Expert");
        var status = panel.Locator($"[data-testid=dcs-sibling][data-id='{Channel}status'] [data-testid=dcs-sibling-value]");
        await Page(status).ToHaveTextAsync("ON");

        var (admin, _) = await Browser.NewPageAsync(App.BaseUri);
        await BrowserFixture.SignInAsync(admin, AppProcess.AdminName, path: "/");
        var csv = await (await admin.APIRequest.GetAsync("/admin/audit.csv?action=dcs.set")).TextAsync();
        Assert.Contains(csv.Split('\n'), l => l.Contains(",sid,", StringComparison.Ordinal) && l.Contains("refused", StringComparison.Ordinal) && l.Contains(Channel + "status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_phoebus_alarm_stands_beside_the_daq_alarms_and_an_acknowledgement_here_reaches_the_alarm_server()
    {
        await App.AddUserAsync("sam", "shifter");
        var (page, errors) = await Browser.NewPageAsync(App.BaseUri);
        await BrowserFixture.SignInAsync(page, "sam", path: "/alarms");
        // The simulated alarm server raises its first PV alarm 20 s after start; the DAQ's own come with the run.
        var phoebus = page.Locator("[data-testid=select][data-key^='phoebus:/JUNO/DCS/']");
        await Assertions.Expect(phoebus).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=select]:not([data-key^='phoebus:'])").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
        var key = await phoebus.GetAttributeAsync("data-key");
        var path = key!["phoebus:".Length..];
        await phoebus.CheckAsync();
        await page.FillAsync("[data-testid=ack-comment]", "seen, DCS expert called");
        await page.ClickAsync("[data-testid=ack-selected]");
        await Assertions.Expect(page.Locator("[data-testid=alarm-feedback]")).ToContainTextAsync("Acknowledged", new() { Timeout = 10_000 });

        // The alarm server took it: the DCS page's EPICS tree shows the PV acknowledged (or, once its value is back, OK).
        await page.GotoAsync("/dcs?alarm=" + Uri.EscapeDataString(path));
        var row = page.Locator($"[data-testid=dcs-tree-row][data-path='{path}']");
        await Assertions.Expect(row.Locator("[data-testid=phoebus-severity]")).ToHaveAttributeAsync("data-severity", new System.Text.RegularExpressions.Regex("^(MajorAck|MinorAck|Ok)$"), new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("[data-testid=dcs-tree-row][data-path='/JUNO']")).ToBeVisibleAsync();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    private static ILocatorAssertions Page(ILocator l) => Assertions.Expect(l);

    private static double Volts(string? text) =>
        double.Parse((text ?? "").Replace(" V", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
