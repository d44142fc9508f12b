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

/// <summary>The detector browser tests share one app (one Kestrel listener), so they never race for its port.</summary>
[CollectionDefinition(Name)]
public sealed class DetectorAppCollection : ICollectionFixture<DetectorApp>
{
    public const string Name = "detector-app";
}

[Trait("Category", "Browser")]
[Collection(DetectorAppCollection.Name)]
public sealed class DetectorViewTests
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
    [Fact]
    public async Task Clicking_a_cell_of_the_electronics_view_opens_that_channels_detail()
    {
        var (page, _) = await OpenAsync("/detector");
        await Assertions.Expect(page.Locator("[data-testid=dcr-views]")).ToHaveAttributeAsync("data-sequence", new System.Text.RegularExpressions.Regex(@"^\d+$"), new() { Timeout = 15_000 });
        // A cell of the GCU x channel grid, found from the geometry (not from the pick buffer the click reads).
        var hit = await page.EvaluateAsync<float[]>(@"() => {
            const s = window.dcrViews.state, v = s.views.find(x => x.div.dataset.role === 'electronics');
            const { gcus } = s.smallGrid, list = s.byType[2], i = list[Math.floor(list.length / 2) + 5];
            v.canvas.scrollIntoView({ block: 'center' });
            const r = v.canvas.getBoundingClientRect();
            const x = s.geo.gcuChannel[i] * 3 + 1.5, y = gcus.indexOf(s.geo.gcu[i]) * 3 + 1.5;
            return [i, r.left + x * r.width / v.w, r.top + y * r.height / v.h];
        }");
        var channel = _app.Store.Channels.Geometry.Channels[(int)hit[0]];
        await page.Mouse.ClickAsync(hit[1], hit[2]);
        var detail = page.Locator($"[data-testid=channel-detail][data-channel='{channel.Id}']");
        await Assertions.Expect(detail).ToBeVisibleAsync(Soon);
        await Assertions.Expect(detail).ToContainTextAsync($"{channel.Gcu} / {channel.GcuChannel}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Clicking_a_point_of_the_3D_map_opens_its_GCU_panel()
    {
        var (page, errors) = await OpenAsync("/spmt3d");
        var view = page.Locator("[data-testid=spmt3d]");
        await Assertions.Expect(view).ToHaveAttributeAsync("data-sequence", new System.Text.RegularExpressions.Regex(@"^\d+$"), new() { Timeout = 20_000 });
        // Where plotly draws the SPMT nearest the camera: data scaled as plotly scales it, through the scene's
        // model, view and projection matrices (as plotly places 3D annotations), onto the scene's box.
        var target = await page.EvaluateAsync<float[]>(@"() => {
            const st = window.dcrViews.spmt3d, gd = st.div, scene = gd._fullLayout.scene._scene, cam = scene.glplot.cameraParams, ds = scene.dataScale;
            const eye = gd._fullLayout.scene.camera.eye;
            const mul = (m, v) => { const r = [0, 0, 0, 0]; for (let i = 0; i < 4; i++) for (let n = 0; n < 4; n++) r[n] += m[4 * i + n] * v[i]; return r; };
            let best = -1, bestDot = -Infinity;
            for (const i of st.idx) {
                const { x, y, z } = st.geo, r = Math.hypot(x[i], y[i], z[i]);
                const dot = (x[i] * eye.x + y[i] * eye.y + z[i] * eye.z) / r;
                if (dot > bestDot) { bestDot = dot; best = i; }
            }
            const p = mul(cam.projection, mul(cam.view, mul(cam.model, [st.geo.x[best] * ds[0], st.geo.y[best] * ds[1], st.geo.z[best] * ds[2], 1])));
            const box = scene.container.getBoundingClientRect();
            window.__hovered = -1;
            gd.on('plotly_hover', e => { const q = e.points[0]; window.__hovered = q.data.meta[q.pointNumber]; });
            return [best, box.left + (1 + p[0] / p[3]) * 0.5 * box.width, box.top + (1 - p[1] / p[3]) * 0.5 * box.height];
        }");
        // The mouse goes where the projection says, then spirals out a few pixels until plotly's own picking
        // reports a point under it; that point is clicked.
        int hovered = -1;
        float hx = 0, hy = 0;
        foreach (var (dx, dy) in new (int, int)[] { (0, 0), (2, 0), (0, 2), (-2, 0), (0, -2), (4, 4), (-4, 4), (4, -4), (-4, -4), (6, 0), (0, 6), (-6, 0), (0, -6) })
        {
            (hx, hy) = (target[1] + dx, target[2] + dy);
            await page.Mouse.MoveAsync(hx - 1, hy);
            await page.Mouse.MoveAsync(hx, hy);
            try
            {
                await page.WaitForFunctionAsync("() => window.__hovered >= 0", null, new() { Timeout = 1_500 });
            }
            catch (TimeoutException)
            {
                continue;
            }
            hovered = await page.EvaluateAsync<int>("() => window.__hovered");
            break;
        }
        Assert.True(hovered >= 0, "plotly reported no point near the projected position");
        var channels = _app.Store.Channels.Geometry.Channels;
        var near = channels[(int)target[0]];
        var point = channels[hovered];
        Assert.Equal(PmtType.Small, point.Type);
        // The point under the mouse is the projected one or one of its close neighbours on the sphere (< 1 m).
        Assert.True(Math.Sqrt(Math.Pow(point.X - near.X, 2) + Math.Pow(point.Y - near.Y, 2) + Math.Pow(point.Z - near.Z, 2)) < 1000, $"hovered {point.Id}, projected {near.Id}");
        // Plotly's 3D scene reads the buttons in its render loop: a click shorter than a frame may go unseen.
        await page.Mouse.DownAsync();
        await page.WaitForTimeoutAsync(150);
        await page.Mouse.UpAsync();
        var panel = page.Locator($"[data-testid=gcu-panel][data-gcu='{point.Gcu}']");
        await Assertions.Expect(panel).ToBeVisibleAsync(Soon);
        await Assertions.Expect(panel.Locator($"tr[data-channel='{point.Id}']")).ToHaveCountAsync(1);
        await Assertions.Expect(view).ToHaveAttributeAsync("data-gcu", point.Gcu.ToString(System.Globalization.CultureInfo.InvariantCulture), Soon2);

        // The 3D page records render time (decode + restyle) and freshness like the heatmaps.
        await page.WaitForFunctionAsync("() => window.dcrViews.stats.frames >= 2", null, new() { Timeout = 20_000 });
        var stats = await page.EvaluateAsync<double[]>("() => [window.dcrViews.stats.render.length, window.dcrViews.stats.freshness.length, window.dcrViews.stats.sequences.length, window.dcrViews.stats.freshness[0]]");
        Assert.True(stats[0] >= 2 && stats[0] == stats[1] && stats[1] == stats[2]);
        Assert.InRange(stats[3], 0, 60_000);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    private static readonly LocatorAssertionsToHaveAttributeOptions Soon2 = new() { Timeout = 15_000 };

    [Fact]
    public async Task A_new_baseline_set_in_the_limits_editor_rescales_the_codes_the_page_receives()
    {
        var area = _app.Store.Channels;
        var original = area.Limits;
        try
        {
            var (page, _) = await OpenAsync("/detector");
            var views = page.Locator("[data-testid=dcr-views]");
            await Assertions.Expect(views).ToHaveAttributeAsync("data-sequence", new System.Text.RegularExpressions.Regex(@"^\d+$"), new() { Timeout = 15_000 });
            const string medianCode = @"() => {
                const s = window.dcrViews.state, a = Array.from(s.byType[2], i => s.codes[i]).filter(c => c > 1).sort((x, y) => x - y);
                return a[a.length >> 1];
            }";
            var before = await page.EvaluateAsync<int>(medianCode);
            var oldFloor = await page.EvaluateAsync<double>("() => window.dcrViews.state.scales[2].floor");
            Assert.Equal(original.Small.Baseline / 100, oldFloor, 3);

            // Baseline of the SPMT doubled through the editor (an admin is an expert).
            var row = page.Locator("[data-testid=limits-SPMT]");
            var baseline = row.Locator("td:nth-child(4) input");
            await baseline.FillAsync((original.Small.Baseline * 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await baseline.DispatchEventAsync("change");
            var high = row.Locator("td:nth-child(5) input");
            var newHigh = Math.Max(original.Small.High, original.Small.Baseline * 2);
            await high.FillAsync(newHigh.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await high.DispatchEventAsync("change");
            var hot = row.Locator("td:nth-child(6) input");
            await hot.FillAsync(Math.Max(original.Small.HotAbove, newHigh * 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await hot.DispatchEventAsync("change");
            await page.FillAsync("[data-testid=limits-reason]", "SPMT baseline after the HV change");
            await page.DispatchEventAsync("[data-testid=limits-reason]", "change");
            await page.ClickAsync("[data-testid=limits-save]");

            await page.WaitForFunctionAsync("f => window.dcrViews.state.scales[2].floor === f", original.Small.Baseline * 2 / 100, new() { Timeout = 10_000 });
            var codec = area.Codecs[(int)PmtType.Small];
            Assert.Equal(original.Small.Baseline * 2 / 100, codec.Floor, 3);
            // The scales came with a full frame, and the codes on the page are in the new scale.
            Assert.Equal(0, await page.EvaluateAsync<int>("() => window.dcrViews.state.scalesKind"));
            await page.WaitForFunctionAsync("s => window.dcrViews.state.sequence > s", await page.EvaluateAsync<int>("() => window.dcrViews.state.scalesSequence"), new() { Timeout = 10_000 });
            var after = await page.EvaluateAsync<int>(medianCode);
            var expected = codec.Encode((float)area.Summary.For(PmtType.Small).MedianRate);
            Assert.InRange(after, expected - 8, expected + 8);
            // Doubling the baseline moves a rate down by log(2)/log(1000) of the 253 steps: about 25 codes.
            Assert.InRange(before - after, 15, 35);
            // The hover reads rates in the new scale too.
            var rate = await page.EvaluateAsync<double>(@"async () => {
                const m = await import('./js/detector/dcr-frame.js'), s = window.dcrViews.state;
                const i = s.byType[2].find(i => s.codes[i] > 1 && s.codes[i] < 255);
                return m.decodeRate(s.codes[i], s.scales[2]);
            }");
            Assert.InRange(rate, original.Small.Low / 4, original.Small.High * 2);
            await page.Context.CloseAsync();
        }
        finally
        {
            area.SetLimits(original);
        }
    }
}
