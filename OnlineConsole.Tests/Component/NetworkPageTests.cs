using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using OnlineConsole.Components.Network;
using OnlineConsole.Components.Pages;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Component;

[Trait("Category", "Component")]
public sealed class NetworkPageTests : IAsyncDisposable
{
    private readonly ConsoleTestContext _ctx = new();

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();

    private void Write(double inBps, NetworkAlarmThresholds? thresholds = null)
    {
        var now = _ctx.Time.GetUtcNow();
        var stamp = new SourceStamp("t", now);
        var ports = new List<PortStatus>
        {
            new(1, "Eth1/1", LinkState.Up, 25_000_000_000, inBps, 1e9, 0, 0, "hd001") { Alias = "to hd001", NeighbourPort = "eth0" },
            new(2, "Eth1/2", LinkState.Up, 25_000_000_000, 1e6, 1e6, 0, 0, "hd002"),
        };
        var snap = new NetworkSnapshot([new NetworkDevice("edge01", DeviceRole.EdgeSwitch, "10.0.0.1", true, ports, stamp)], []);
        _ctx.Store.Network.Replace(NetworkAlarms.WithAlarms(snap, thresholds ?? NetworkAlarmThresholds.Default), stamp);
    }

    [Fact]
    public void Clicking_a_port_opens_its_detail_with_a_trend_of_what_was_recorded()
    {
        for (var i = 0; i < 5; i++)
        {
            Write(2e9 + (i * 1e9));
            _ctx.Time.Advance(TimeSpan.FromSeconds(10));
        }
        _ctx.Prepare();
        var nav = _ctx.Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo("network?switch=edge01");
        var page = _ctx.Render<NetworkPage>();
        Assert.Empty(page.FindAll("[data-testid=port-detail]"));

        page.Find("[data-testid=port-grid] [data-port='Eth1/1']").Click();
        var detail = page.Find("[data-testid=port-detail]");
        Assert.Contains("edge01 Eth1/1", detail.QuerySelector("h3")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("to hd001", detail.TextContent, StringComparison.Ordinal);
        Assert.Contains("hd001 eth0", detail.TextContent, StringComparison.Ordinal);
        Assert.Contains("25.0 Gb/s", detail.TextContent, StringComparison.Ordinal);
        Assert.Contains("6.0 Gb/s", detail.TextContent, StringComparison.Ordinal);
        var trend = page.Find("[data-testid=port-trend]");
        Assert.Equal("5", trend.GetAttribute("data-samples"));
        // The chart gets the five samples.
        var chart = page.FindComponent<Plotly.Blazor.PlotlyChart>();
        var sent = ((Plotly.Blazor.Traces.Scatter)chart.Instance.Data[0]).Y.Select(v => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, sent.Count);
        Assert.Equal(2e9, sent[0], 2e9 * 5e-4);
        Assert.Equal(6e9, sent[4], 6e9 * 5e-4);

        // The next poll extends the trend on the next batch.
        Write(7e9);
        _ctx.Time.Advance(TimeSpan.FromMilliseconds(200));
        page.WaitForAssertion(() => Assert.Equal("6", page.Find("[data-testid=port-trend]").GetAttribute("data-samples")), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_configured_warning_threshold_changes_the_cell_colour()
    {
        _ctx.Prepare();
        var nav = _ctx.Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo("network?switch=edge01");
        // 10 Gb/s of 25: 40 %.
        Write(10e9);
        var page = _ctx.Render<NetworkPage>();
        Assert.Contains("port-util1", page.Find("[data-port='Eth1/1']").ClassList);
        var cells = page.FindComponents<PortCell>().ToDictionary(c => c.Instance.Name);
        var renders = cells.ToDictionary(c => c.Key, c => c.Value.RenderCount);

        // New rates, same look: the page renders, the cells do not.
        _ctx.Time.Advance(TimeSpan.FromSeconds(10));
        Write(11e9);
        _ctx.Time.Advance(TimeSpan.FromMilliseconds(200));
        page.WaitForAssertion(() => Assert.Contains("11.0 Gb/s", page.Find("[data-testid=port-table]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.Equal(renders, cells.ToDictionary(c => c.Key, c => c.Value.RenderCount));

        _ctx.Time.Advance(TimeSpan.FromSeconds(10));
        Write(10e9, new NetworkAlarmThresholds(0.9, 1) { UtilizationWarning = 0.35 });
        _ctx.Time.Advance(TimeSpan.FromMilliseconds(200));
        page.WaitForAssertion(() => Assert.Contains("port-warn", page.Find("[data-port='Eth1/1']").ClassList), TimeSpan.FromSeconds(5));
        // Only the cell whose colour changed rendered again: the other is the same component, not rendered.
        var now = page.FindComponents<PortCell>().ToDictionary(c => c.Instance.Name);
        Assert.Same(cells["Eth1/2"].Instance, now["Eth1/2"].Instance);
        Assert.Equal(renders["Eth1/2"], now["Eth1/2"].RenderCount);
        Assert.True(now["Eth1/1"].RenderCount > (ReferenceEquals(now["Eth1/1"].Instance, cells["Eth1/1"].Instance) ? renders["Eth1/1"] : 0));
    }
}
