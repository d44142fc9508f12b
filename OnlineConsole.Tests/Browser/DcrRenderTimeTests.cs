using Microsoft.Playwright;
using OnlineConsole.Core.Detector;
using OnlineConsole.Detector;
using OnlineConsole.Tests.Support;
using Xunit.Abstractions;

namespace OnlineConsole.Tests.Browser;

/// <summary>
/// Render time per frame of the DCR views at JUNO size (17,612 LPMT + 25,600 SPMT) in one headless Chromium page:
/// the page's own module (dcr-heatmap.js) on real canvases, fed frames written by the C# encoder, timed as the page
/// times itself (window.dcrViews.stats.render = decode + draw). The previous full-repaint path is replayed on the
/// same canvases for comparison (printed, not asserted). The 20-page figure is measured in bench/.
/// </summary>
[Trait("Category", "Browser")]
[Collection(DetectorAppCollection.Name)]
public sealed class DcrRenderTimeTests(DetectorApp app, ITestOutputHelper output)
{
    private const int Frames = 150;

    private static (string Geometry, string[] Deltas, string[] Fulls, object[] Scales) JunoFrames()
    {
        var geometry = new DetectorGeometry(GeometryGenerator.Generate(seed: 5));
        var n = geometry.Count;
        var random = new Random(11);
        var codes = new byte[n];
        var flags = new byte[n];
        for (var i = 0; i < n; i++) (codes[i], flags[i]) = ((byte)random.Next(140, 180), (byte)ChannelStatus.Ok);
        for (var k = 0; k < 40; k++) flags[random.Next(n)] = (byte)ChannelStatus.Dead;
        for (var k = 0; k < 40; k++) flags[random.Next(n)] = (byte)ChannelStatus.Hot;
        for (var k = 0; k < 20; k++) flags[random.Next(n)] |= ChannelArea.FlagFlapping;
        var codec = new DcrFrameCodec();
        var deltas = new List<string>();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (uint s = 0; s <= Frames; s++)
        {
            // About 30 % of the codes change from one frame to the next; a few rings come and go.
            if (s > 0)
            {
                for (var i = 0; i < n; i++) if (random.NextDouble() < 0.3) codes[i] = (byte)random.Next(140, 180);
                if (s % 10 == 0) flags[random.Next(n)] = (byte)ChannelStatus.Dead;
            }
            var (full, delta, _) = codec.Encode(codes, flags, s, now, now);
            deltas.Add(Convert.ToBase64String(s == 0 ? full : delta!));
        }
        var fulls = new List<string>();
        for (uint s = 0; s < Frames / 3; s++)
        {
            // Every code changes: the worst case (a reconnect, a rescale).
            for (var i = 0; i < n; i++) codes[i] = (byte)(140 + ((codes[i] - 140 + 1 + random.Next(38)) % 40));
            fulls.Add(Convert.ToBase64String(codec.Encode(codes, flags, 1000 + s, now, now).Full));
        }
        var limits = new DetectorLimitsOptions();
        var scales = Enum.GetValues<PmtType>().Select(t =>
        {
            var c = RateCodec.ForBaseline(limits.For(t).Baseline);
            var l = limits.For(t);
            return (object)new { floor = c.Floor, ceiling = c.Ceiling, baseline = l.Baseline, low = l.Low, high = l.High, deadBelow = l.DeadBelow, hotAbove = l.HotAbove };
        }).ToArray();
        return (Convert.ToBase64String(DetectorEndpoints.GeometryBlob(geometry)), [.. deltas], [.. fulls], scales);
    }

    private const string Script = @"async ({ deltas, fulls, scales, colours }) => {
        const m = await import('./js/detector/dcr-heatmap.js');
        const { summarize, FLAG_STALE, STATUS_OK, STATUS_MASK, FLAG_FLAPPING } = await import('./js/detector/dcr-frame.js');
        const b64 = s => Uint8Array.from(atob(s), c => c.charCodeAt(0));
        const root = document.createElement('div');
        root.style.width = '1200px';
        root.innerHTML = '<div data-role=tooltip hidden></div><div data-role=lpmt-map></div><div data-role=spmt-map></div><div data-role=electronics></div>'
            + [0, 1, 2].map(t => `<div data-role=histogram data-type=${t}></div>`).join('');
        document.body.prepend(root);
        const h = await m.create(root, { invokeMethodAsync() { return Promise.resolve(); } }, { geometryUrl: 'test/juno-geometry.bin', scales, labels: { lpmtMap: 'L', spmtMap: 'S', electronics: 'E' }, colours, texts: {} });
        const state = window.dcrViews.state, stats = window.dcrViews.stats;
        const nextFrame = () => new Promise(r => requestAnimationFrame(() => r()));
        const run = async list => {
            const from = stats.render.length;
            for (const bytes of list) { if (!await m.pushFrame(h, bytes)) throw new Error('frame refused'); await nextFrame(); }
            return stats.render.slice(from);
        };
        const d = deltas.map(b64), f = fulls.map(b64);
        // The first frames run before the JIT has compiled the loops; a page open for a shift is past them.
        const delta = (await run(d)).slice(10);
        const full = await run(f);
        // The previous path, replayed on the same canvases: async DecompressionStream decode into new arrays, every
        // pixel of every pick buffer, the whole image put, one path per ring, histograms rebuilt and 255 rects each.
        const palette = m.palette(colours.stale), grey = palette[0];
        const legacy = async list => {
            const times = [];
            let codes = null;
            for (const bytes of list) {
                const t0 = performance.now();
                const stream = new Blob([bytes.subarray(32)]).stream().pipeThrough(new DecompressionStream('deflate'));
                const body = new Uint8Array(await new Response(stream).arrayBuffer());
                const n = state.geo.n;
                let next;
                if (bytes[2] === 0) next = body.slice(0, n); else { next = new Uint8Array(n); for (let i = 0; i < n; i++) next[i] = (codes[i] + body[i]) & 0xff; }
                codes = next;
                const flags = new Uint8Array(n).fill(STATUS_OK);
                for (const v of state.views) {
                    const { pick, pixels } = v;
                    for (let p = 0; p < pick.length; p++) { const i = pick[p]; pixels[p] = i < 0 ? 0 : (flags[i] & FLAG_STALE) ? grey : palette[codes[i]]; }
                    v.ctx.putImageData(v.image, 0, 0);
                    v.ctx.lineWidth = 1.5;
                    for (const i of v.indices) {
                        const fl = state.flags[i];
                        if (fl === STATUS_OK) continue;
                        const s = fl & STATUS_MASK, color = s === 4 ? '#00e5ff' : s === 5 ? '#ff2020' : (fl & FLAG_FLAPPING) ? '#ffa500' : null;
                        if (!color) continue;
                        v.ctx.strokeStyle = color; v.ctx.beginPath(); v.ctx.arc(v.xOf(i), v.yOf(i), v.size + 2, 0, 2 * Math.PI); v.ctx.stroke();
                    }
                }
                const { hist } = summarize(codes, flags, state.geo.type);
                for (const hg of state.histograms) {
                    const ctx = hg.ctx; ctx.clearRect(0, 0, 300, 150); ctx.fillStyle = '#4a90d9';
                    for (let c = 1; c < 256; c++) if (hist[hg.type][c]) ctx.fillRect((c - 1) * 300 / 255, 50, 1, Math.log10(hist[hg.type][c] + 1) * 20);
                }
                times.push(performance.now() - t0);
                await nextFrame();
            }
            return times;
        };
        const legacyDelta = (await legacy(d)).slice(10);
        const legacyFull = await legacy(f);
        return { delta, full, legacyDelta, legacyFull };
    }";

    private sealed class Times
    {
        public double[] Delta { get; set; } = [];
        public double[] Full { get; set; } = [];
        public double[] LegacyDelta { get; set; } = [];
        public double[] LegacyFull { get; set; } = [];
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }

    [Fact]
    public async Task A_JUNO_sized_frame_is_decoded_and_drawn_within_50_ms_and_faster_than_a_full_repaint()
    {
        var (geometry, deltas, fulls, scales) = JunoFrames();
        var (page, errors) = await app.Browser.NewPageAsync(app.BaseUri);
        await BrowserFixture.SignInAsync(page, path: "/");
        // The JUNO geometry is served to this page only, in place of the lab's (the page's CSP allows 'self' only).
        var blob = Convert.FromBase64String(geometry);
        await page.RouteAsync("**/test/juno-geometry.bin", route => route.FulfillAsync(new() { BodyBytes = blob, ContentType = "application/octet-stream" }));
        var t = await page.EvaluateAsync<Times>(Script, new { deltas, fulls, scales, colours = OnlineConsole.Components.Detector.DcrPalette.ModuleColours() });
        string Line(string name, double[] v) => $"{name}: p50 {Percentile(v, 0.5):0.0} ms, p99 {Percentile(v, 0.99):0.0} ms, max {v.Max():0.0} ms ({v.Length} frames)";
        output.WriteLine(Line("30 % changed, current ", t.Delta));
        output.WriteLine(Line("30 % changed, previous", t.LegacyDelta));
        output.WriteLine(Line("full frame,   current ", t.Full));
        output.WriteLine(Line("full frame,   previous", t.LegacyFull));
        Assert.Equal(Frames + 1 - 10, t.Delta.Length);
        // Wall-clock times on a 2-core machine shared with other work: the slowest 1 % of 140 frames is where the
        // scheduler preempted the page, so the guard here is the 95th percentile and the comparison with the previous
        // path in the same run; the p99 of 20 pages is measured in bench/.
        Assert.True(Percentile(t.Delta, 0.95) < 50, Line("30 % changed", t.Delta));
        Assert.True(Percentile(t.Full, 0.95) < 50, Line("full frame", t.Full));
        Assert.True(Percentile(t.Delta, 0.5) * 1.5 < Percentile(t.LegacyDelta, 0.5), "the per-change path is not faster than a full repaint");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
    private sealed class Times3D
    {
        public double[] Delta { get; set; } = [];
        public double[] Full { get; set; } = [];
        public double[] Finished { get; set; } = [];
        public double[] Freshness { get; set; } = [];
        public int Points { get; set; }
        public int Drawn { get; set; }
        public int Pixels { get; set; }
        public int Marks { get; set; }
    }

    [Fact]
    public async Task The_3D_map_recolours_every_SPMT_in_WebGL_and_records_render_time_and_freshness()
    {
        var (geometry, deltas, fulls, _) = JunoFrames();
        var (page, errors) = await app.Browser.NewPageAsync(app.BaseUri);
        await BrowserFixture.SignInAsync(page, path: "/");
        var blob = Convert.FromBase64String(geometry);
        await page.RouteAsync("**/test/juno-geometry.bin", route => route.FulfillAsync(new() { BodyBytes = blob, ContentType = "application/octet-stream" }));
        // The page's module on a 900 x 600 canvas: deltas (30 % of the codes change), then full frames, one per
        // animation frame; then full frames again with gl.finish() after each draw, to see what the asynchronous
        // rasterisation adds to the JS time the page records.
        var t = await page.EvaluateAsync<Times3D>(@"async ({ deltas, fulls, colours }) => {
            const m = await import('./js/detector/spmt3d.js');
            const root = document.createElement('div');
            root.innerHTML = '<div data-role=plot3d style=""width:900px;height:600px""></div>';
            document.body.prepend(root);
            performance.clearMarks('spmt3d-frame-drawn');
            const h = await m.create(root, { invokeMethodAsync() { return Promise.resolve(); } }, { geometryUrl: 'test/juno-geometry.bin', codec: { floor: 1, ceiling: 1000 }, colours, texts: {} });
            const bytes = f => Uint8Array.from(atob(f), c => c.charCodeAt(0));
            const push = async f => {
                if (!await m.pushFrame(h, bytes(f))) throw new Error('frame refused');
                await new Promise(r => requestAnimationFrame(() => r()));
            };
            const s = window.dcrViews.stats;
            for (const f of deltas) await push(f);
            const nd = s.render.length;
            const half = fulls.length >> 1;
            for (const f of fulls.slice(0, half)) await push(f);
            const nf = s.render.length;
            m.setTiming(h, { finish: true });
            for (const f of fulls.slice(half)) await push(f);
            m.setTiming(h, { finish: false });
            const st = window.dcrViews.spmt3d;
            return { delta: s.render.slice(10, nd), full: s.render.slice(nd, nf), finished: s.render.slice(nf), freshness: s.freshness,
                points: Number(root.querySelector('[data-role=plot3d]').parentElement.dataset.points), drawn: st.drawnCount,
                pixels: m.countDrawnPixels(h), marks: performance.getEntriesByName('spmt3d-frame-drawn').length };
        }", new { deltas, fulls, colours = OnlineConsole.Components.Detector.DcrPalette.ModuleColours() });
        string Line(string name, double[] v) => $"{name}: p50 {Percentile(v, 0.5):0.0} ms, p95 {Percentile(v, 0.95):0.0} ms, max {v.Max():0.0} ms ({v.Length} frames)";
        output.WriteLine(Line("3D map, 25,600 SPMT, 30 % changed      ", t.Delta));
        output.WriteLine(Line("3D map, 25,600 SPMT, full frame        ", t.Full));
        output.WriteLine(Line("3D map, 25,600 SPMT, full + gl.finish()", t.Finished));
        Assert.Equal(25_600, t.Points);
        Assert.Equal(25_600, t.Drawn);
        Assert.True(t.Pixels > 25_600, $"{t.Pixels} pixels drawn");
        Assert.Equal(Frames + 1 - 10, t.Delta.Length);
        Assert.Equal(Frames + 1 + fulls.Length, t.Marks);
        Assert.Equal(t.Marks, t.Freshness.Length);
        // Same guard as the heatmaps: the 95th percentile on a shared 2-core machine; the p50 target (10 ms) is
        // printed above and measured with several pages in bench/.
        Assert.True(Percentile(t.Delta, 0.95) < 50, Line("30 % changed", t.Delta));
        Assert.True(Percentile(t.Full, 0.95) < 50, Line("full frame", t.Full));
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
}
