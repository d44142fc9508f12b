using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using OnlineConsole.Core.Live;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Component;

[Trait("Category", "Component")]
public sealed class CollectorsPageTests : IAsyncDisposable
{
    private readonly BunitContext _ctx = new();
    private readonly ManualTimeProvider _time = new();
    private readonly LiveStore _store;

    public CollectorsPageTests()
    {
        _store = TestStores.Create(_time);
        _ctx.Services.AddSingleton(_store);
        _ctx.Services.AddSingleton<ILiveView>(_store);
        _ctx.Services.AddLogging();
        _ctx.Services.AddLocalization();
        _ctx.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new OnlineConsole.Hosting.SiteOptions { TimeZone = "Asia/Shanghai" }));
        _ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public void Malformed_input_shows_its_total_and_the_count_of_each_device_worst_first()
    {
        var health = _store.Collectors.Register("network", "snmp", TimeSpan.FromSeconds(10));
        health.CountMalformed("sw2", 3);
        health.CountMalformed("sw1", 12);
        _store.Collectors.Register("redis", "redis", TimeSpan.FromSeconds(1)).CountMalformed(2);

        var page = _ctx.Render<OnlineConsole.Components.Pages.Collectors>();

        var network = page.Find("[data-testid=collector-network]");
        Assert.Contains("15", network.TextContent, StringComparison.Ordinal);
        Assert.Equal("sw1 12 · sw2 3", network.QuerySelector("[data-testid=malformed-by]")!.TextContent);
        // A collector without devices shows only its total.
        Assert.Null(page.Find("[data-testid=collector-redis]").QuerySelector("[data-testid=malformed-by]"));
    }

    [Fact]
    public void A_single_console_shows_no_replica_panel()
    {
        var page = _ctx.Render<OnlineConsole.Components.Pages.Collectors>();
        Assert.Empty(page.FindAll("[data-testid=replicas]"));
    }

    [Fact]
    public void A_replica_names_itself_and_the_holder_with_its_epoch_in_utc_and_site_time_and_follows_a_hand_over()
    {
        var lead = _store.Replicate("console-b");
        var since = new DateTimeOffset(2026, 12, 7, 15, 0, 1, TimeSpan.Zero);
        lead.Lost("console-a", since, 3, since);
        var page = _ctx.Render<OnlineConsole.Components.Pages.Collectors>();

        Assert.Contains("console-b", page.Find("[data-testid=replica-this]").TextContent, StringComparison.Ordinal);
        var holder = page.Find("[data-testid=lease-holder]");
        Assert.Equal("console-a", holder.GetAttribute("data-holder"));
        Assert.Contains("15:00:01 UTC (23:00:01 Asia/Shanghai)", holder.TextContent, StringComparison.Ordinal);
        Assert.Contains("epoch 3", holder.TextContent, StringComparison.Ordinal);

        lead.Acquired("console-b", since.AddSeconds(9), 4, since.AddSeconds(9));
        _time.Advance(TimeSpan.FromSeconds(1)); // the page's batch window, on the test's clock
        page.WaitForAssertion(() => Assert.Equal("console-b", page.Find("[data-testid=lease-holder]").GetAttribute("data-holder")), TimeSpan.FromSeconds(5));
        Assert.Contains("epoch 4", page.Find("[data-testid=lease-holder]").TextContent, StringComparison.Ordinal);

        // The database away: nobody is known to hold it, said in words and with a sign, not by colour alone.
        lead.Lost(null, null, 4);
        _time.Advance(TimeSpan.FromSeconds(1));
        page.WaitForAssertion(() => Assert.StartsWith("⚠", page.Find("[data-testid=lease-holder]").TextContent.Trim(), StringComparison.Ordinal), TimeSpan.FromSeconds(5));
    }
}
