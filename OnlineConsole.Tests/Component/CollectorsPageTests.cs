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
    private readonly LiveStore _store = TestStores.Create(new ManualTimeProvider());

    public CollectorsPageTests()
    {
        _ctx.Services.AddSingleton(_store);
        _ctx.Services.AddSingleton<ILiveView>(_store);
        _ctx.Services.AddLogging();
        _ctx.Services.AddLocalization();
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
}
