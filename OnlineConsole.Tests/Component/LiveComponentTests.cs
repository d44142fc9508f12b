using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnlineConsole.Components.Controls;
using OnlineConsole.Components.Layout;
using OnlineConsole.Components.Pages;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Hosting;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Component;

[Trait("Category", "Component")]
public sealed class LiveComponentTests : IAsyncDisposable
{
    private readonly ConsoleTestContext _ctx = new();

    // Renders come from the store's batch loop on the thread pool: a loaded 2-core CI machine needs more than bUnit's 1 s.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public LiveComponentTests()
    {
        _ctx.Auth.SetAuthorized("shifter1").SetRoles("Display", "Shifter");
    }

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();

    private void Report(long number, RunState state) =>
        _ctx.Store.Run.Report(new RunStatus(number, state, "physics", _ctx.Time.GetUtcNow(), null, null), new SourceStamp("test", _ctx.Time.GetUtcNow()));

    [Fact]
    public void Header_shows_the_run_and_follows_it_live()
    {
        Report(7001, RunState.Running);
        var header = _ctx.Render<StatusHeader>();
        Assert.Equal("7001", header.Find("[data-testid=run-number]").TextContent);
        Assert.Equal("Running", header.Find("[data-testid=run-state]").TextContent);

        Report(7001, RunState.Paused);
        _ctx.Time.Advance(TimeSpan.Zero);
        header.WaitForAssertion(() => Assert.Equal("Paused", header.Find("[data-testid=run-state]").TextContent), Wait);
    }

    [Fact]
    public void Many_changes_within_a_window_render_once()
    {
        Report(1, RunState.Running);
        var header = _ctx.Render<StatusHeader>();
        var before = header.RenderCount;
        Report(2, RunState.Running);
        _ctx.Time.Advance(TimeSpan.Zero);
        header.WaitForAssertion(() => Assert.Equal("2", header.Find("[data-testid=run-number]").TextContent), Wait);
        // The render is timed just after it lands: wait for that before the clock moves, or it reads the later time.
        header.WaitForAssertion(() => Assert.Equal(1, _ctx.Store.UpdateLatency.Snapshot().Total), Wait);
        for (var n = 3; n <= 50; n++) Report(n, RunState.Running);
        _ctx.Time.Advance(TimeSpan.FromMilliseconds(100));
        header.WaitForAssertion(() => Assert.Equal("50", header.Find("[data-testid=run-number]").TextContent), Wait);
        Assert.Equal(before + 2, header.RenderCount);
        // Each live render is timed from its batch leaving the hub; the manual clock does not move while it renders.
        header.WaitForAssertion(() => Assert.Equal(2, _ctx.Store.UpdateLatency.Snapshot().Total), Wait);
        var timed = _ctx.Store.UpdateLatency.Snapshot();
        Assert.Equal(1, timed.QuantileMs(1));
    }

    [Fact]
    public async Task A_new_second_of_rates_does_not_render_the_header_but_its_run_does()
    {
        var started = _ctx.Time.GetUtcNow();
        // The run controller's heartbeat: the same run, a new write time.
        void Heartbeat(long number) => _ctx.Store.Run.Report(new RunStatus(number, RunState.Running, "physics", started, null, null), new SourceStamp("test", _ctx.Time.GetUtcNow()));
        Heartbeat(1);
        var rates = new float[_ctx.Store.Channels.Geometry.Count];
        Array.Fill(rates, 1000f);
        _ctx.Store.Channels.Write(0, rates, new SourceStamp("test", _ctx.Time.GetUtcNow()));
        var header = _ctx.Render<StatusHeader>();
        var page = header.Instance;
        for (var second = 1; second <= 5; second++)
        {
            _ctx.Time.Advance(TimeSpan.FromSeconds(1));
            Heartbeat(1);
            _ctx.Store.Channels.Write(0, rates, new SourceStamp("test", _ctx.Time.GetUtcNow()));
            _ctx.Time.Advance(TimeSpan.FromMilliseconds(100));
            // No render to wait for (that is the point): poll the batch count instead.
            var expected = second;
            await Poll.UntilAsync(() => page.BatchesReceived >= expected, TimeSpan.FromSeconds(5), $"batch {expected} received");
        }
        // Five batches of new stamps, nothing the header shows changed: no render.
        Assert.Equal(0, page.LiveRenders);

        _ctx.Time.Advance(TimeSpan.FromSeconds(1));
        Heartbeat(2);
        _ctx.Time.Advance(TimeSpan.Zero);
        header.WaitForAssertion(() => Assert.Equal("2", header.Find("[data-testid=run-number]").TextContent), Wait);
        Assert.Equal(1, page.LiveRenders);
    }

    [Fact]
    public void Header_marks_a_silent_source_stale_with_its_age_never_live()
    {
        Report(1, RunState.Running);
        var monitor = new FreshnessMonitor(_ctx.Store);
        monitor.Evaluate();
        var header = _ctx.Render<StatusHeader>();
        Assert.Empty(header.FindAll(".fresh-badge.stale"));

        _ctx.Time.Advance(TimeSpan.FromSeconds(5));
        monitor.Evaluate();
        _ctx.Time.Advance(TimeSpan.Zero);
        header.WaitForAssertion(() =>
        {
            var stale = header.Find("[data-testid=header-run-freshness] .fresh-badge.stale");
            Assert.Equal(_ctx.Store.Run.Snapshot().Stamp!.Value.UpdatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                stale.QuerySelector("[data-since]")!.GetAttribute("data-since"));
        });
        Assert.DoesNotContain("live", header.Find("[data-testid=data-freshness]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_a_page_removes_its_subscription()
    {
        var baseline = _ctx.Store.Changes.SubscriberCount;
        var page = _ctx.Render<Overview>();
        Assert.Equal(baseline + 1, _ctx.Store.Changes.SubscriberCount);
        await _ctx.DisposeComponentsAsync();
        Assert.Equal(baseline, _ctx.Store.Changes.SubscriberCount);
        Assert.Equal(0, _ctx.Time.ActiveTimers);
        Assert.NotNull(page);
    }

    [Fact]
    public void A_prerendered_component_subscribes_to_nothing()
    {
        _ctx.RenderAs = new RendererInfo("Static", isInteractive: false);
        _ctx.Render<Overview>();
        Assert.Equal(0, _ctx.Store.Changes.SubscriberCount);
    }

    [Fact]
    public void Overview_counts_hot_and_dead_channels_per_type()
    {
        var g = _ctx.Store.Channels.Geometry;
        var rates = g.Channels.Select(c => (float)_ctx.Store.Channels.Limits.For(c.Type).Baseline).ToArray();
        var small = Array.FindIndex(g.Channels, c => c.Type == Core.Detector.PmtType.Small);
        rates[small] = 0;
        rates[small + 1] = 0;
        _ctx.Store.Channels.Write(0, rates, new SourceStamp("test", _ctx.Time.GetUtcNow()));
        var page = _ctx.Render<Overview>();
        Assert.Equal("2", page.Find("[data-testid=type-SPMT] [data-testid=dead-count]").TextContent);
        Assert.Equal("0", page.Find("[data-testid=type-NNVT] [data-testid=dead-count]").TextContent);
    }

    [Fact]
    public void Freshness_badge_says_no_data_when_nothing_was_received()
    {
        var badge = _ctx.Render<FreshnessBadge>(p => p.Add(b => b.Freshness, Freshness.Missing));
        Assert.Equal("no data", badge.Find(".fresh-badge.missing").TextContent);
    }
}
