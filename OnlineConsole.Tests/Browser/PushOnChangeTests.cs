using Microsoft.Playwright;
using OnlineConsole.Collectors.Redis;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

/// <summary>
/// Push on change, seen from the browser's WebSocket: while nothing changes in the source the page receives
/// nothing but the transport's keep-alive pings; one change in Redis arrives as one small update.
/// </summary>
[Trait("Category", "Browser")]
public sealed class PushOnChangeTests : IClassFixture<BrowserFixture>
{
    // A SignalR keep-alive ping in the binary protocol is a few bytes; any rendered update is far larger.
    private const int PingBytes = 8;

    private readonly BrowserFixture _browser;

    public PushOnChangeTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task An_idle_page_receives_nothing_and_a_change_arrives_as_one_small_update()
    {
        await using var redis = await RedisServer.StartAsync();
        var options = new RedisOptions { Endpoints = [redis.Endpoint] };
        await using var link = await RedisLink.ConnectAsync(options, "test-writer");
        await link.WriteRunningAsync(7001);
        await using var app = new AppProcess(["--SiteConfig", Path.Combine(TestStores.RepoRoot(), "appsettings/small-lab/site.json"), "--Redis:Endpoints:0=" + redis.Endpoint]);
        await app.StartWithAdminAsync();
        var (page, errors) = await _browser.NewPageAsync(app.BaseUri);
        var frames = new List<(DateTime At, int Bytes)>();
        page.WebSocket += (_, ws) => ws.FrameReceived += (_, f) =>
        {
            lock (frames) frames.Add((DateTime.UtcNow, f.Binary?.Length ?? System.Text.Encoding.UTF8.GetByteCount(f.Text ?? "")));
        };
        try
        {
            await BrowserFixture.SignInAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=run-number]")).ToHaveTextAsync("7001");
            // Without heartbeats the run turns stale after 3 intervals: that is a change, let it pass.
            await Assertions.Expect(page.Locator(".hdr-run .fresh-badge.stale")).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Task.Delay(2_000);

            var quietFrom = DateTime.UtcNow;
            await Task.Delay(8_000);
            var quiet = Snapshot(frames, quietFrom, DateTime.UtcNow);
            Assert.True(quiet.All(f => f.Bytes <= PingBytes), $"an idle page received updates: {Describe(quiet)}");

            var changeFrom = DateTime.UtcNow;
            await link.WriteRunningAsync(7002);
            await Assertions.Expect(page.Locator("[data-testid=run-number]")).ToHaveTextAsync("7002", new() { Timeout = 2_000 });
            await Task.Delay(1_000);
            var change = Snapshot(frames, changeFrom, DateTime.UtcNow).Where(f => f.Bytes > PingBytes).ToList();
            Assert.NotEmpty(change);
            // The new number, state and freshness of the header and the overview: a few hundred bytes, not a page.
            Assert.True(change.Sum(f => f.Bytes) < 4_096, $"one change cost {Describe(change)}");
            Assert.Empty(errors);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static List<(DateTime At, int Bytes)> Snapshot(List<(DateTime At, int Bytes)> frames, DateTime from, DateTime to)
    {
        lock (frames) return frames.Where(f => f.At >= from && f.At <= to).ToList();
    }

    private static string Describe(List<(DateTime At, int Bytes)> frames) =>
        $"{frames.Count} frames, {frames.Sum(f => f.Bytes)} bytes ({string.Join(", ", frames.Select(f => f.Bytes))})";
}
