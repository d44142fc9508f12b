using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

/// <summary>
/// The console on a real Kestrel port in this process (WebApplicationFactory.UseKestrel), small-lab channel map,
/// simulator at 5 frames/s, so the test can also read the live store it drives; browsers sign in as an admin.
/// Dead channels are injected through the simulator's fault file (Simulator:FaultFile), the same path a fault
/// drill uses: file -> simulator -> channel store -> frame -> browser.
/// </summary>
public sealed class DetectorApp : IAsyncLifetime
{
    public string FaultFile { get; } = Path.Combine(Path.GetTempPath(), "oc-fault-" + Guid.NewGuid().ToString("N") + ".txt");
    public BrowserFixture Browser { get; } = new();
    public Uri BaseUri { get; private set; } = null!;
    public LiveStore Store { get; private set; } = null!;
    private ConsoleFactory? _root;
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? _factory;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(FaultFile, "");
        _root = new ConsoleFactory(new() { ["Simulator:FaultFile"] = FaultFile, ["Simulator:DeadChannels"] = "1", ["Simulator:HotChannels"] = "2" });
        _factory = _root.WithWebHostBuilder(_ => { });
        _factory.UseKestrel(AppProcess.FreeTcpPort());
        _factory.StartServer();
        _factory.Services.GetRequiredService<OnlineConsole.Data.UserStore>().Add(AppProcess.AdminName, OperatorRole.Admin, AppProcess.Password);
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

[Trait("Category", "Browser")]
public sealed class DetectorViewTests : IClassFixture<DetectorApp>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 15_000 };
    private readonly DetectorApp _app;

    public DetectorViewTests(DetectorApp app) => _app = app;

    private async Task<(IPage Page, List<string> Errors)> OpenAsync(string path)
    {
        var (page, errors) = await _app.Browser.NewPageAsync(_app.BaseUri);
        await BrowserFixture.SignInAsync(page, path: path);
        return (page, errors);
    }

    /// <summary>Page coordinates of a channel on the SPMT (theta, phi) map canvas.</summary>
    private static async Task<(float X, float Y)> SpmtPointAsync(IPage page, int channelIndex)
    {
        var c = await page.EvaluateAsync<float[]>(@"i => {
            const s = window.dcrViews.state, canvas = document.querySelector('[data-role=spmt-map] canvas');
            const r = canvas.getBoundingClientRect();
            return [r.left + (s.geo.phi[i] * 720 / 360 + 0.5) * r.width / 720, r.top + (s.geo.theta[i] * 360 / 180 + 0.5) * r.height / 360];
        }", channelIndex);
        return (c[0], c[1]);
    }

    /// <summary>An SPMT channel drawn on top in the pick buffer (not overlapped by a neighbour).</summary>
    private static Task<int> VisibleSpmtIndexAsync(IPage page) => page.EvaluateAsync<int>(@"() => {
        const s = window.dcrViews.state, v = s.views[1];
        for (const i of s.byType[2]) {
            const x = Math.round(s.geo.phi[i] * 720 / 360), y = Math.round(s.geo.theta[i] * 360 / 180);
            if (v.pick[y * 720 + x] === i && y > 20 && y < 340 && x > 20 && x < 700) return i;
        }
        return -1;
    }");

    [Fact]
    public async Task Heatmaps_render_live_frames_and_hover_shows_the_channel()
    {
        var (page, errors) = await OpenAsync("/detector");
        var views = page.Locator("[data-testid=dcr-views]");
        await Assertions.Expect(views).ToHaveAttributeAsync("data-sequence", new System.Text.RegularExpressions.Regex(@"^\d+$"), new() { Timeout = 15_000 });
        var first = await views.GetAttributeAsync("data-sequence");
        await Assertions.Expect(views).Not.ToHaveAttributeAsync("data-sequence", first!, new() { Timeout = 5_000 });
        Assert.Equal(3, await page.Locator("[data-role=lpmt-map] canvas.dcr-canvas, [data-role=spmt-map] canvas.dcr-canvas, [data-role=electronics] canvas.dcr-canvas").CountAsync());

        var index = await VisibleSpmtIndexAsync(page);
        Assert.True(index >= 0);
        var channel = _app.Store.Channels.Geometry.Channels[index];
        var (x, y) = await SpmtPointAsync(page, index);
        await page.Mouse.MoveAsync(x, y);
        var tip = page.Locator("[data-testid=dcr-tooltip]");
        await Assertions.Expect(tip).ToBeVisibleAsync(Soon);
        await Assertions.Expect(tip).ToContainTextAsync($"channel {channel.Id} (SPMT)");
        await Assertions.Expect(tip).ToContainTextAsync($"GCU {channel.Gcu} ch {channel.GcuChannel}");
        await Assertions.Expect(tip).ToContainTextAsync("rate ");

        // Render time per update stays within budget on this small map.
        var renders = await page.EvaluateAsync<double[]>("() => window.dcrViews.stats.render.slice(1)");
        Assert.NotEmpty(renders);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Clicking_a_channel_opens_its_detail_with_history_and_neighbours()
    {
        var (page, _) = await OpenAsync("/detector");
        await Assertions.Expect(page.Locator("[data-testid=dcr-views]")).ToHaveAttributeAsync("data-sequence", new System.Text.RegularExpressions.Regex(@"^\d+$"), new() { Timeout = 15_000 });
        var index = await VisibleSpmtIndexAsync(page);
        var channel = _app.Store.Channels.Geometry.Channels[index];
        var (x, y) = await SpmtPointAsync(page, index);
        await page.Mouse.ClickAsync(x, y);
        var detail = page.Locator($"[data-testid=channel-detail][data-channel='{channel.Id}']");
        await Assertions.Expect(detail).ToBeVisibleAsync(Soon);
        await Assertions.Expect(detail.Locator("[data-testid=series-hour] .main-svg").First).ToBeAttachedAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(detail.Locator("[data-testid=series-day] .main-svg").First).ToBeAttachedAsync(new() { Timeout = 15_000 });
        Assert.Equal(6, await detail.Locator(".dcr-neighbours li").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_channel_made_dead_appears_in_the_dead_list_within_two_seconds()
    {
        var (page, _) = await OpenAsync("/detector");
        await Assertions.Expect(page.Locator("[data-testid=dcr-views]")).ToHaveAttributeAsync("data-sequence", new System.Text.RegularExpressions.Regex(@"^\d+$"), new() { Timeout = 15_000 });
        var area = _app.Store.Channels;
        var geometry = area.Geometry;
        var already = area.IndicesWithStatus(ChannelStatus.Dead).Concat(area.FlappingIndices()).ToHashSet();
        var index = Enumerable.Range(geometry.LargeCount, geometry.Count - geometry.LargeCount).First(i => !already.Contains(i));
        var id = geometry.Channels[index].Id;
        var item = page.Locator($"[data-testid=list-dead] li[data-channel='{id}']");
        Assert.Equal(0, await item.CountAsync());

        var written = System.Diagnostics.Stopwatch.StartNew();
        await File.WriteAllTextAsync(_app.FaultFile, id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        await Assertions.Expect(item).ToBeVisibleAsync(new() { Timeout = 2_000 });
        Assert.True(written.Elapsed < TimeSpan.FromSeconds(2), $"took {written.Elapsed}");

        await File.WriteAllTextAsync(_app.FaultFile, "");
        await Assertions.Expect(item).ToHaveCountAsync(0, new() { Timeout = 5_000 });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Spmt_3D_map_draws_every_SPMT_and_highlights_a_GCU()
    {
        var (page, errors) = await OpenAsync("/spmt3d");
        var view = page.Locator("[data-testid=spmt3d]");
        var small = _app.Store.Channels.Geometry.CountByType[(int)PmtType.Small];
        await Assertions.Expect(view).ToHaveAttributeAsync("data-points", small.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 20_000 });
        var gcu = _app.Store.Channels.Geometry.Channels.First(c => c.Type == PmtType.Small).Gcu;
        await page.SelectOptionAsync("[data-testid=gcu-select]", gcu.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(view).ToHaveAttributeAsync("data-highlighted", "128", new() { Timeout = 15_000 });
        var panel = page.Locator($"[data-testid=gcu-panel][data-gcu='{gcu}']");
        await Assertions.Expect(panel).ToBeVisibleAsync(Soon);
        Assert.Equal(128, await panel.Locator(".gcu-cell").CountAsync());
        Assert.Equal(128, await panel.Locator("tbody tr").CountAsync());
        await page.ClickAsync("[data-testid=camera-top]");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
}
