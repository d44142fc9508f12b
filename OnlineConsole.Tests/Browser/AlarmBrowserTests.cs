using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

/// <summary>
/// The console in this process on a real Kestrel port with the simulator, a run that stays running, and alarms
/// without settle or debounce delays; faults come through the simulator's fault file (channel ids, "device NAME").
/// </summary>
public sealed class AlarmApp : IAsyncLifetime
{
    public string FaultFile { get; } = Path.Combine(Path.GetTempPath(), "oc-alarm-fault-" + Guid.NewGuid().ToString("N") + ".txt");
    public BrowserFixture Browser { get; } = new();
    public Uri BaseUri { get; private set; } = null!;
    public LiveStore Store { get; private set; } = null!;
    public IServiceProvider Services => _factory!.Services;
    private ConsoleFactory? _root;
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? _factory;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(FaultFile, "");
        _root = new ConsoleFactory(new()
        {
            ["Simulator:FaultFile"] = FaultFile, ["Simulator:DeadChannels"] = "0", ["Simulator:HotChannels"] = "0", ["Simulator:FlappingChannels"] = "0",
            ["Simulator:ConfigureTime"] = "00:00:01", ["Simulator:RunLength"] = "02:00:00", ["Simulator:PauseEveryRuns"] = "0",
            ["Simulator:AnomalyPeriod"] = "1.00:00:00", ["Simulator:Servers"] = "20", ["Simulator:ServersPerEdgeSwitch"] = "8",
            // These tests raise every alarm they count: no DCS trips, warm sensors or Phoebus PVs of the simulator's own.
            ["Simulator:Dcs"] = "false", ["Simulator:Phoebus"] = "false",
            ["Alarms:RunSettle"] = "00:00:00", ["Alarms:Rules:dcr.channel:OnDelay"] = "00:00:00", ["Alarms:NotifyHold"] = "00:00:01",
        });
        _factory = _root.WithWebHostBuilder(_ => { });
        _factory.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0)); // Kestrel picks the port: a port probed beforehand can be taken by a parallel fixture
        _factory.StartServer();
        var users = _factory.Services.GetRequiredService<OnlineConsole.Data.UserStore>();
        users.Add(AppProcess.AdminName, OperatorRole.Admin, AppProcess.Password);
        users.Add("sam", OperatorRole.Shifter, AppProcess.Password);
        users.Add("wally", OperatorRole.Display, AppProcess.Password);
        var addresses = _factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        BaseUri = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        Store = _factory.Services.GetRequiredService<LiveStore>();
        await Browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        if (_factory is not null) await _factory.DisposeAsync();
        if (_root is not null) await _root.DisposeAsync();
        File.Delete(FaultFile);
    }
}

[CollectionDefinition(Name)]
public sealed class AlarmAppCollection : ICollectionFixture<AlarmApp>
{
    public const string Name = "alarm-app";
}

[Trait("Category", "Browser")]
[Collection(AlarmAppCollection.Name)]
public sealed class AlarmBrowserTests(AlarmApp app)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 15_000 };

    private async Task<IPage> OpenAsync(string user, string path = "/alarms")
    {
        var (page, _) = await app.Browser.NewPageAsync(app.BaseUri);
        await BrowserFixture.SignInAsync(page, user, path: path);
        return page;
    }

    private int ChannelId(int index) => app.Store.Channels.Geometry.Channels[index].Id;

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync(string prefix) =>
        await app.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(ActionPrefix: prefix));

    [Fact]
    public async Task A_dead_channel_appears_is_acknowledged_with_a_comment_shelved_for_a_minute_and_comes_back_when_the_shelf_expires()
    {
        var id = ChannelId(5);
        var key = "dcr/channel/" + id;
        var row = $"[data-testid=alarm-message][data-key='{key}']";
        var page = await OpenAsync(AppProcess.AdminName);
        try
        {
            await File.WriteAllTextAsync(app.FaultFile, id + "\n");
            await Assertions.Expect(page.Locator(row)).ToBeVisibleAsync(Soon);
            await Assertions.Expect(page.Locator(row)).ToContainTextAsync($"Channel {id}");
            await Assertions.Expect(page.Locator("[data-testid=header-alarms] [data-testid=header-alarm-count]")).ToBeVisibleAsync(Soon);

            await page.ClickAsync(row);
            var detail = page.Locator($"[data-testid=alarm-detail][data-key='{key}']");
            await Assertions.Expect(detail).ToBeVisibleAsync(Soon);
            await Assertions.Expect(detail.Locator("[data-testid=detail-guidance]")).ToBeVisibleAsync();
            // No acknowledgement without a comment.
            await Assertions.Expect(detail.Locator("[data-testid=detail-ack-button]")).ToBeDisabledAsync();
            await detail.Locator("[data-testid=detail-comment]").FillAsync("PMT on the known-bad list");
            await detail.Locator("[data-testid=detail-ack-button]").ClickAsync();
            await Assertions.Expect(detail.Locator("[data-testid=detail-state]")).ToHaveTextAsync("Active, acknowledged", new() { Timeout = 5_000 });
            await Assertions.Expect(detail.Locator("[data-testid=detail-ack]")).ToContainTextAsync("PMT on the known-bad list");
            Assert.Contains(await AuditAsync("alarm.ack"), e => e.Target == key && e.User == AppProcess.AdminName && e.Reason == "PMT on the known-bad list");

            await detail.Locator("[data-testid=shelve-for]").SelectOptionAsync("1");
            await detail.Locator("[data-testid=detail-comment]").FillAsync("replacing its HV channel");
            var shelved = DateTimeOffset.UtcNow;
            await detail.Locator("[data-testid=detail-shelve]").ClickAsync();
            await Assertions.Expect(detail.Locator("[data-testid=detail-state]")).ToHaveTextAsync("Shelved", new() { Timeout = 5_000 });
            await Assertions.Expect(page.Locator(row)).ToHaveCountAsync(0, new() { Timeout = 5_000 });
            await page.Locator(".mud-tab", new() { HasTextString = "Shelved" }).ClickAsync();
            await Assertions.Expect(page.Locator($"[data-testid=side-message][data-key='{key}']")).ToBeVisibleAsync(Soon);
            Assert.Contains(await AuditAsync("alarm.shelve"), e => e.Target == key && e.Reason == "replacing its HV channel");

            // The shelf expires by itself: back in the active list without anyone touching it.
            await page.Locator(".mud-tab", new() { HasTextString = "Active" }).ClickAsync();
            await Assertions.Expect(page.Locator(row)).ToBeVisibleAsync(new() { Timeout = 80_000 });
            var back = DateTimeOffset.UtcNow - shelved;
            Assert.InRange(back.TotalSeconds, 59, 75);
            await Assertions.Expect(detail.Locator("[data-testid=detail-timeline] [data-kind=ShelfExpired]")).ToBeVisibleAsync(Soon);

            // Its related page shows the channel.
            await detail.Locator("[data-testid=detail-link]").First.ClickAsync();
            await Assertions.Expect(page.Locator($"[data-testid=channel-detail][data-channel='{id}']")).ToBeVisibleAsync(Soon);
        }
        finally
        {
            await File.WriteAllTextAsync(app.FaultFile, "");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_failed_switch_shows_one_root_cause_with_its_affected_count_and_the_rest_hangs_under_it()
    {
        var page = await OpenAsync(AppProcess.AdminName);
        try
        {
            await File.WriteAllTextAsync(app.FaultFile, "device edge01\n");
            var root = page.Locator("[data-testid=alarm-message][data-key='net/unreachable/edge01']");
            await Assertions.Expect(root).ToBeVisibleAsync(Soon);
            var chip = page.Locator("tr", new() { Has = root }).Locator("[data-testid=alarm-affected]");
            await Assertions.Expect(chip).ToBeVisibleAsync(Soon);
            // 8 servers cut off, the 10 ports of edge01 (8 to servers, 2 uplinks), the 2 core ports facing it.
            await Assertions.Expect(chip).ToHaveTextAsync("20 affected", new() { Timeout = 15_000 });
            await Assertions.Expect(page.Locator("[data-testid=alarm-message][data-key='net/unreachable/hd001']")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=header-alarms]")).ToHaveAttributeAsync("data-worst", "Critical", new() { Timeout = 5_000 });
            // Of the cable and device alarms of edge01 and its servers (not the simulator's random port errors), one
            // is not caused by another.
            var related = app.Store.Alarms.Snapshot().Alarms.Where(a => a.Rule is "net.link" or "net.unreachable"
                && (a.Key.Contains("edge01", StringComparison.Ordinal) || a.Key is "net/link/core01/Eth1/1" or "net/link/core02/Eth1/1"
                    || System.Text.RegularExpressions.Regex.IsMatch(a.Key, "hd00[1-8]"))).ToList();
            Assert.Equal(21, related.Count);
            Assert.Equal("net/unreachable/edge01", Assert.Single(related, a => a.SuppressedBy is null).Key);

            // The list with a root cause and the open detail pass axe (dark theme, the default).
            await root.ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=alarm-detail]")).ToBeVisibleAsync(Soon);
            var violations = (await AccessibilityTests.CheckAsync(page, "/alarms with a root cause and its detail")).ToList();
            Assert.True(violations.Count == 0, string.Join("\n", violations));

            await chip.ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=alarm-message][data-key='net/unreachable/hd001']")).ToBeVisibleAsync(Soon);
            await Assertions.Expect(page.Locator("[data-testid=alarm-cause]").First).ToContainTextAsync("caused by net/unreachable/edge01");

            // Sorting by message: ascending on the first click, descending on the second; the header says which.
            var sort = page.Locator("[data-testid=sort][data-column=Message]");
            var header = page.Locator("th", new() { Has = sort });
            await sort.ClickAsync();
            await Assertions.Expect(header).ToHaveAttributeAsync("aria-sort", "ascending");
            var ascending = await page.Locator("[data-testid=alarm-message]").AllInnerTextsAsync();
            Assert.True(ascending.Count > 10, $"{ascending.Count} rows");
            Assert.Equal([.. ascending.Order(StringComparer.Ordinal)], ascending);
            await sort.ClickAsync();
            await Assertions.Expect(header).ToHaveAttributeAsync("aria-sort", "descending");
            var descending = await page.Locator("[data-testid=alarm-message]").AllInnerTextsAsync();
            Assert.Equal([.. ascending.Reverse()], descending);

            // The switch is back: what hung from it goes with it.
            await File.WriteAllTextAsync(app.FaultFile, "");
            await Assertions.Expect(page.Locator("[data-testid=alarm-message][data-key='net/unreachable/hd001']")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        }
        finally
        {
            await File.WriteAllTextAsync(app.FaultFile, "");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_shifter_acknowledges_and_a_display_account_forcing_the_button_is_refused_server_side_and_audited()
    {
        var id = ChannelId(7);
        var key = "dcr/channel/" + id;
        var box = $"[data-testid=select][data-key='{key}']";
        await File.WriteAllTextAsync(app.FaultFile, id + "\n");
        var display = await OpenAsync("wally");
        var shifter = await OpenAsync("sam");
        try
        {
            await Assertions.Expect(display.Locator(box)).ToBeVisibleAsync(Soon);
            await Assertions.Expect(display.Locator("[data-testid=ack-role]")).ToContainTextAsync("Shifter");
            await display.Locator(box).CheckAsync();
            await display.Locator("[data-testid=ack-comment]").FillAsync("I can see it");
            await Assertions.Expect(display.Locator("[data-testid=ack-selected]")).ToBeDisabledAsync();
            // The button forced back on in the DOM still reaches the server, which asks the account and refuses.
            await display.EvalOnSelectorAsync("[data-testid=ack-selected]", "b => b.removeAttribute('disabled')");
            await display.ClickAsync("[data-testid=ack-selected]");
            await Assertions.Expect(display.Locator("[data-testid=alarm-feedback]")).ToContainTextAsync("Refused", new() { Timeout = 5_000 });
            Assert.Equal("ActiveUnacknowledged", app.Store.Alarms.Find(key)!.State.ToString());
            Assert.Contains(await AuditAsync("alarm.ack"), e => e.User == "wally" && e.Outcome.StartsWith("refused: role too low (needs Shifter", StringComparison.Ordinal));

            await Assertions.Expect(shifter.Locator(box)).ToBeVisibleAsync(Soon);
            await shifter.Locator(box).CheckAsync();
            await shifter.Locator("[data-testid=ack-comment]").FillAsync("seen, logged in the shift log");
            await shifter.ClickAsync("[data-testid=ack-selected]");
            await Assertions.Expect(shifter.Locator("[data-testid=alarm-feedback]")).ToContainTextAsync("Acknowledged", new() { Timeout = 5_000 });
            Assert.Equal("sam", app.Store.Alarms.Find(key)!.Acknowledged!.By);
            // The display's open page follows: the alarm is acknowledged there too.
            await Assertions.Expect(display.Locator("tr", new() { Has = display.Locator(box) }).Locator("[data-testid=alarm-state]"))
                .ToHaveTextAsync("Active, acknowledged", new() { Timeout = 5_000 });
        }
        finally
        {
            await File.WriteAllTextAsync(app.FaultFile, "");
            await display.Context.CloseAsync();
            await shifter.Context.CloseAsync();
        }
    }
}
