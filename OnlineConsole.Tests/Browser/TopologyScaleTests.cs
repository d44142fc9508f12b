using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using OnlineConsole.Tests.Support;
using Xunit.Abstractions;

namespace OnlineConsole.Tests.Browser;

/// <summary>The topology of a large network (202 switches, 2,000 servers) in headless Chromium.</summary>
// 2,000 servers at 10 per edge switch: 200 edge switches and 2 core switches.
[Trait("Category", "Browser")]
public sealed class TopologyScaleTests(ITestOutputHelper output) : AppAndBrowser([.. AppProcess.FastSimulatorArgs(), "--Simulator:NetworkInterval=00:00:02",
        "--Simulator:Servers=2000", "--Simulator:ServersPerEdgeSwitch=10"])
{
    [Fact]
    public async Task A_network_of_2000_servers_opens_collapsed_and_lays_out_within_20_seconds()
    {
        var (page, errors) = await TopologyDriver.OpenAsync(Browser, App.BaseUri, "/topology");
        var clock = Stopwatch.StartNew();
        // 2,202 devices and 2,000 + 400 links.
        await TopologyDriver.WaitAsync(page, "el.dataset.nodes === '2202' && el.dataset.edges === '2400' && Number(el.dataset.layouts) >= 1", 20_000);
        var firstLayout = clock.Elapsed;
        var first = await Stats(page);
        output.WriteLine($"first graph shown after {firstLayout.TotalMilliseconds:0} ms (since the page was connected); in the browser: update {first["updateMs"]} ms, layout {first["layoutMs"]} ms, {first["visibleNodes"]} nodes visible");
        Console.WriteLine($"[topology scale] first layout {firstLayout.TotalMilliseconds:0} ms wall, update {first["updateMs"]} ms, layout {first["layoutMs"]} ms, visible {first["visibleNodes"]}");
        Assert.True(firstLayout < TimeSpan.FromSeconds(20), $"first layout took {firstLayout}");
        // Collapsed by default: the racks are boxes, and at most about 300 nodes are drawn.
        Assert.InRange(int.Parse(first["visibleNodes"], CultureInfo.InvariantCulture), 1, 300);
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('topology').__cy.getElementById('d:hd1234').hidden()"));

        // Later polls change rates only: no new layout, and the update stays short.
        var version = int.Parse(first["version"], CultureInfo.InvariantCulture);
        await TopologyDriver.WaitAsync(page, $"Number(el.dataset.version) >= {version + 3}", 30_000);
        var later = await Stats(page);
        output.WriteLine($"a later update: {later["updateMs"]} ms, layouts so far {later["layouts"]}");
        Console.WriteLine($"[topology scale] later update {later["updateMs"]} ms, layouts {later["layouts"]}");
        Assert.Equal(first["layouts"], later["layouts"]);
        Assert.InRange(int.Parse(later["updateMs"], CultureInfo.InvariantCulture), 0, 2_000);

        // Opening one rack shows its servers.
        await page.Locator("[data-testid=topo-search]").FillAsync("hd1234");
        await page.Locator("[data-testid=topo-search]").PressAsync("Enter");
        await TopologyDriver.WaitAsync(page, "el.__cy.getElementById('d:hd1234').visible()", 20_000);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        await page.Context.CloseAsync();
    }

    private static async Task<Dictionary<string, string>> Stats(IPage page) =>
        await page.EvaluateAsync<Dictionary<string, string>>("() => ({ ...document.getElementById('topology').dataset })");
}
