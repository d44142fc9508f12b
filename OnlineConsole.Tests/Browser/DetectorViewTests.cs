using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Tests.Support;
using Xunit.Abstractions;

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
        _factory.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0)); // Kestrel picks the port: a port probed beforehand can be taken by a parallel fixture
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

    private readonly ITestOutputHelper _output;

    public DetectorViewTests(DetectorApp app, ITestOutputHelper output) => (_app, _output) = (app, output);

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

    /// <summary>
    /// An SPMT (index into the page's point list) facing the camera near the middle of the 3D view that the page's own
    /// picking returns at its projected position, with that position: { k, channel index, x, y }.
    /// </summary>
    private static Task<double[]> FrontPointAsync(IPage page) => page.EvaluateAsync<double[]>(@"async () => {
        const m = await import('./js/detector/spmt3d.js'), st = window.dcrViews.spmt3d, h = st.handle;
        st.canvas.scrollIntoView({ block: 'center' });
        const r = st.canvas.getBoundingClientRect(), cx = r.left + r.width / 2, cy = r.top + r.height / 2;
        const order = [];
        for (let k = 0; k < st.n; k++) {
            const p = m.project(h, k);
            if (p) order.push([Math.hypot(p.x - cx, p.y - cy), k, p.x, p.y]);
        }
        order.sort((a, b) => a[0] - b[0]);
        for (const [, k, x, y] of order.slice(0, 200)) if (m.pickAtClient(h, x, y) === k) return [k, st.idx[k], x, y];
        return [-1, -1, 0, 0];
    }");

    private static readonly LocatorAssertionsToHaveAttributeOptions Soon20 = new() { Timeout = 20_000 };

    [Fact]
    public async Task Spmt_3D_map_draws_every_SPMT_and_highlights_a_GCU()
    {
        var (page, errors) = await OpenAsync("/spmt3d");
        var view = page.Locator("[data-testid=spmt3d]");
        var small = _app.Store.Channels.Geometry.CountByType[(int)PmtType.Small];
        await Assertions.Expect(view).ToHaveAttributeAsync("data-webgl", "true", Soon20);
        await Assertions.Expect(view).ToHaveAttributeAsync("data-sequence", new System.Text.RegularExpressions.Regex(@"^\d+$"), Soon20);
        await Assertions.Expect(view).ToHaveAttributeAsync("data-points", small.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(small, await page.EvaluateAsync<int>("() => window.dcrViews.spmt3d.drawnCount"));
        // The points are on the canvas: a few pixels each, far more than the faint wire alone.
        const string Pixels = "async () => (await import('./js/detector/spmt3d.js')).countDrawnPixels(window.dcrViews.spmt3d.handle)";
        var wireOnly = await page.EvaluateAsync<int>(@"async () => {
            const m = await import('./js/detector/spmt3d.js'), st = window.dcrViews.spmt3d, n = st.n;
            st.n = 0; const c = m.countDrawnPixels(st.handle); st.n = n; return c;
        }");
        var before = await page.EvaluateAsync<int>(Pixels);
        Assert.True(before > wireOnly + small, $"{before} pixels drawn, {wireOnly} of them the wire");

        // A GCU facing the camera, and a point of another GCU also facing it.
        var front = await FrontPointAsync(page);
        Assert.True(front[0] >= 0);
        var gcu = _app.Store.Channels.Geometry.Channels[(int)front[1]].Gcu;
        var other = await page.EvaluateAsync<double[]>(@"async g => {
            const m = await import('./js/detector/spmt3d.js'), st = window.dcrViews.spmt3d, r = st.canvas.getBoundingClientRect();
            for (let k = 0; k < st.n; k++) {
                if (st.geo.gcu[st.idx[k]] === g) continue;
                const p = m.project(st.handle, k);
                if (p && p.x > r.left + 10 && p.x < r.right - 10 && p.y > r.top + 10 && p.y < r.bottom - 10 && m.pickAtClient(st.handle, p.x, p.y) === k) return [k, p.x, p.y];
            }
            return [-1, 0, 0];
        }", gcu);
        Assert.True(other[0] >= 0, "no point of another GCU faces the camera");
        const string Pixel = "async p => (await import('./js/detector/spmt3d.js')).readPixel(window.dcrViews.spmt3d.handle, p[0], p[1])";
        var dimBefore = await page.EvaluateAsync<int[]>(Pixel, new[] { other[1], other[2] });
        Assert.Equal(255, dimBefore[3]);

        await page.SelectOptionAsync("[data-testid=gcu-select]", gcu.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(view).ToHaveAttributeAsync("data-highlighted", "128", new() { Timeout = 15_000 });
        var panel = page.Locator($"[data-testid=gcu-panel][data-gcu='{gcu}']");
        await Assertions.Expect(panel).ToBeVisibleAsync(Soon);
        Assert.Equal(128, await panel.Locator(".gcu-cell").CountAsync());
        Assert.Equal(128, await panel.Locator("tbody tr").CountAsync());
        // The GCU's points are drawn larger (more pixels), every other point fades towards the background.
        var after = await page.EvaluateAsync<int>(Pixels);
        Assert.True(after > before + 128, $"{before} pixels before the highlight, {after} after");
        var bg = await page.EvaluateAsync<int[]>("() => document.body.classList.contains('theme-dark') ? [31, 31, 33] : [255, 255, 255]");
        var dimAfter = await page.EvaluateAsync<int[]>(Pixel, new[] { other[1], other[2] });
        double Distance(int[] c) => Math.Sqrt(Math.Pow(c[0] - bg[0], 2) + Math.Pow(c[1] - bg[1], 2) + Math.Pow(c[2] - bg[2], 2));
        // Colours move with the frames, but a point drawn at full colour is never within 30 % of the way to white.
        Assert.True(Distance(dimAfter) < 0.4 * Distance(dimBefore), $"{string.Join(',', dimBefore)} -> {string.Join(',', dimAfter)}");

        // A camera preset moves the view: the same point is drawn elsewhere.
        var at = await page.EvaluateAsync<double[]>("async k => { const p = (await import('./js/detector/spmt3d.js')).project(window.dcrViews.spmt3d.handle, k); return [p.x, p.y]; }", front[0]);
        await page.ClickAsync("[data-testid=camera-top]");
        await Assertions.Expect(view).ToHaveAttributeAsync("data-camera", "top", Soon2);
        var moved = await page.EvaluateAsync<double[]>("async k => { const p = (await import('./js/detector/spmt3d.js')).project(window.dcrViews.spmt3d.handle, k); return [p.x, p.y]; }", front[0]);
        Assert.True(Math.Abs(moved[0] - at[0]) + Math.Abs(moved[1] - at[1]) > 20, $"({at[0]}, {at[1]}) -> ({moved[0]}, {moved[1]})");
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
    public async Task Hovering_a_point_of_the_3D_map_shows_its_channel_and_a_click_opens_its_GCU_panel()
    {
        var (page, errors) = await OpenAsync("/spmt3d");
        var view = page.Locator("[data-testid=spmt3d]");
        await Assertions.Expect(view).ToHaveAttributeAsync("data-sequence", new System.Text.RegularExpressions.Regex(@"^\d+$"), Soon20);
        var front = await FrontPointAsync(page);
        Assert.True(front[0] >= 0, "no point near the middle of the view is picked at its own position");
        var point = _app.Store.Channels.Geometry.Channels[(int)front[1]];
        Assert.Equal(PmtType.Small, point.Type);
        await page.Mouse.MoveAsync((float)front[2] - 20, (float)front[3]);
        await page.Mouse.MoveAsync((float)front[2], (float)front[3]);
        var tip = page.Locator("[data-testid=spmt3d-tooltip]");
        await Assertions.Expect(tip).ToBeVisibleAsync(Soon);
        await Assertions.Expect(tip).ToHaveAttributeAsync("data-channel", point.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(tip).ToContainTextAsync($"GCU {point.Gcu} / {point.GcuChannel}");
        await Assertions.Expect(tip).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d+ (k?Hz)|—"));

        await page.Mouse.ClickAsync((float)front[2], (float)front[3]);
        var panel = page.Locator($"[data-testid=gcu-panel][data-gcu='{point.Gcu}']");
        await Assertions.Expect(panel).ToBeVisibleAsync(Soon);
        await Assertions.Expect(panel.Locator($"tr[data-channel='{point.Id}']")).ToHaveCountAsync(1);
        await Assertions.Expect(view).ToHaveAttributeAsync("data-gcu", point.Gcu.ToString(System.Globalization.CultureInfo.InvariantCulture), Soon2);

        // A drag orbits the camera and is no click: the point moves on the screen, the panel stays.
        var other = (await FrontPointAsync(page))[0];
        await page.Mouse.MoveAsync((float)front[2], (float)front[3] + 40);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)front[2] + 60, (float)front[3] + 40, new() { Steps = 6 });
        await page.Mouse.UpAsync();
        var moved = await page.EvaluateAsync<double[]>("async k => { const p = (await import('./js/detector/spmt3d.js')).project(window.dcrViews.spmt3d.handle, k); return p ? [p.x, p.y] : [-1e9, -1e9]; }", front[0]);
        Assert.True(Math.Abs(moved[0] - front[2]) > 20, $"x {front[2]} -> {moved[0]}");
        await Assertions.Expect(view).ToHaveAttributeAsync("data-gcu", point.Gcu.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(other >= 0);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_3D_map_follows_live_frames_and_records_render_time_and_freshness()
    {
        var (page, errors) = await OpenAsync("/spmt3d");
        var view = page.Locator("[data-testid=spmt3d]");
        await Assertions.Expect(view).ToHaveAttributeAsync("data-sequence", new System.Text.RegularExpressions.Regex(@"^\d+$"), Soon20);
        var start = await page.EvaluateAsync<int>("() => window.dcrViews.stats.frames");
        await page.WaitForTimeoutAsync(15_000);
        var s = await page.EvaluateAsync<Stats3D>(@"() => {
            const s = window.dcrViews.stats, marks = performance.getEntriesByName('spmt3d-frame-drawn');
            return { frames: s.frames, render: s.render, freshness: s.freshness, sequences: s.sequences, marks: marks.length, markRender: marks.at(-1).detail.renderMs };
        }");
        var frames = s.Frames - start;
        var render = s.Render.Order().ToArray();
        var p50 = render[render.Length / 2];
        var p95 = render[(int)(0.95 * (render.Length - 1))];
        _output.WriteLine($"3D page, live: {frames} frames in 15 s, render p50 {p50:0.0} ms, p95 {p95:0.0} ms, freshness p50 {s.Freshness.Order().ElementAt(s.Freshness.Length / 2):0} ms");
        // Frames follow the store (1 Hz or more), not one every 5 s.
        Assert.True(frames >= 12, $"{frames} frames in 15 s");
        Assert.True(p95 < 50, $"render p95 {p95:0.0} ms");
        Assert.True(s.Render.Length == s.Freshness.Length && s.Freshness.Length == s.Sequences.Length);
        Assert.All(s.Freshness, f => Assert.InRange(f, 0, 60_000));
        // Sequences only go forward.
        for (var k = 1; k < s.Sequences.Length; k++) Assert.True(s.Sequences[k] > s.Sequences[k - 1]);
        Assert.Equal(s.Frames, s.Marks);
        Assert.Equal(s.Render[^1], s.MarkRender, 6);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_WebGL_the_3D_page_says_so_and_the_GCU_panel_still_works()
    {
        var (page, errors) = await _app.Browser.NewPageAsync(_app.BaseUri);
        // A browser with no WebGL: every canvas refuses a 'webgl' context.
        await page.AddInitScriptAsync(@"(() => {
            const get = HTMLCanvasElement.prototype.getContext;
            HTMLCanvasElement.prototype.getContext = function (type, ...rest) { return type === 'webgl' || type === 'experimental-webgl' ? null : get.call(this, type, ...rest); };
        })()");
        await BrowserFixture.SignInAsync(page, path: "/spmt3d");
        var view = page.Locator("[data-testid=spmt3d]");
        await Assertions.Expect(view).ToHaveAttributeAsync("data-webgl", "false", Soon20);
        var note = page.Locator("[data-testid=spmt3d-nogl]");
        await Assertions.Expect(note).ToBeVisibleAsync(Soon);
        await Assertions.Expect(note).ToContainTextAsync("WebGL");
        // Frames are still accepted (no exception), and the GCU list and panel work.
        await Assertions.Expect(view).ToHaveAttributeAsync("data-sequence", new System.Text.RegularExpressions.Regex(@"^\d+$"), Soon20);
        var gcu = _app.Store.Channels.Geometry.Channels.First(c => c.Type == PmtType.Small).Gcu;
        await page.SelectOptionAsync("[data-testid=gcu-select]", gcu.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator($"[data-testid=gcu-panel][data-gcu='{gcu}']")).ToBeVisibleAsync(Soon);
        await Assertions.Expect(view).ToHaveAttributeAsync("data-highlighted", "128", Soon2);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    private sealed class Stats3D
    {
        public int Frames { get; set; }
        public double[] Render { get; set; } = [];
        public double[] Freshness { get; set; } = [];
        public double[] Sequences { get; set; } = [];
        public int Marks { get; set; }
        public double MarkRender { get; set; }
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
            await page.ClickAsync("[data-testid=limits-save]");
            await page.FillAsync("[data-testid=limits-reason]", "SPMT baseline after the HV change");
            await page.ClickAsync("[data-testid=confirm-send]");

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
