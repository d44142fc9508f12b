using System.Globalization;
using Microsoft.Playwright;
using OnlineConsole.Tests.Network;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Browser;

/// <summary>Drives the topology graph the way a shifter does: hover, click, and watch a link go red.</summary>
internal static class TopologyDriver
{
    public static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 15_000 };

    public static async Task<(IPage Page, List<string> Errors)> OpenAsync(BrowserFixture browser, Uri baseUri, string path)
    {
        var (page, errors) = await browser.NewPageAsync(baseUri);
        // The console says only "404"; the address is what a failure message needs.
        page.Response += (_, r) => { if (r.Status >= 400) lock (errors) errors.Add($"{r.Status} {r.Url}"); };
        await BrowserFixture.SignInAsync(page, path: path);
        await Assertions.Expect(page.Locator("#link-state[data-state=connected]")).ToBeVisibleAsync(Soon);
        return (page, errors);
    }

    public static Task WaitAsync(IPage page, string condition, float timeoutMs = 15_000) =>
        page.WaitForFunctionAsync($"() => {{ const el = document.getElementById('topology'); return !!el && !!el.__cy && ({condition}); }}", null, new() { Timeout = timeoutMs });

    /// <summary>Page coordinates of a graph node's centre.</summary>
    public static async Task<(float X, float Y)> NodePointAsync(IPage page, string nodeId)
    {
        var xy = await page.EvaluateAsync<float[]>(
            "id => { const el = document.getElementById('topology'); const r = el.getBoundingClientRect(); const p = el.__cy.getElementById(id).renderedPosition(); return [r.left + p.x, r.top + p.y]; }", nodeId);
        return (xy[0], xy[1]);
    }
}

// Anomaly period of a minute: one server link is down 45 s of every 60 s from the start.
[Trait("Category", "Browser")]
public sealed class TopologyTests() : AppAndBrowser([.. AppProcess.FastSimulatorArgs(), "--Simulator:AnomalyPeriod=00:01:00", "--Simulator:NetworkInterval=00:00:01",
        "--Simulator:Servers=100", "--Simulator:ServersPerEdgeSwitch=16"])
{
    [Fact]
    public async Task Simulated_network_renders_hover_shows_a_card_a_down_link_is_red_and_click_opens_detail()
    {
        var (page, errors) = await TopologyDriver.OpenAsync(Browser, App.BaseUri, "/topology");
        // 100 servers, 7 edge and 2 core switches; 100 server links and 14 uplinks.
        await TopologyDriver.WaitAsync(page, "el.dataset.nodes === '109' && el.dataset.edges === '114'");

        await TopologyDriver.WaitAsync(page, "Number(el.dataset.alarmEdges) > 0", 30_000);
        var red = await page.EvaluateAsync<string[]>(
            "() => { const e = document.getElementById('topology').__cy.edges('[kind = \"edge\"].alarm')[0]; return [e.style('line-color'), e.data('alarm'), e.data('state')]; }");
        Assert.Equal("rgb(224,57,62)", red[0].Replace(" ", "", StringComparison.Ordinal));
        Assert.Matches(@"^hd\d{3} down!$", red[1]);
        Assert.Equal("Down", red[2]);

        // A server no other node overlaps and no other link crosses, so the pointer lands on it alone.
        var server = await page.EvaluateAsync<string>("""
            () => {
              const cy = document.getElementById('topology').__cy;
              const nodes = cy.nodes('[kind = "node"]').toArray();
              const edges = cy.edges(':visible').toArray();
              const apart = (a, b) => a.x2 < b.x1 || b.x2 < a.x1 || a.y2 < b.y1 || b.y2 < a.y1;
              const dist = (p, a, b) => {
                const dx = b.x - a.x, dy = b.y - a.y, l = dx * dx + dy * dy;
                const t = l === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l));
                return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
              };
              const free = nodes.filter(n => {
                if (n.data('role') !== 'Server' || n.hasClass('alarm')) return false;
                const box = n.renderedBoundingBox({ includeLabels: false }), c = n.renderedPosition();
                return nodes.every(o => o === n || apart(box, o.renderedBoundingBox({ includeLabels: false })))
                  && edges.every(e => e.source().same(n) || e.target().same(n)
                    || (dist(c, e.renderedSourceEndpoint(), e.renderedTargetEndpoint()) > 10
                        && (!e.hasClass('alarm') || apart(box, e.renderedBoundingBox({ includeLabels: true })))));
              });
              return free.length ? free[0].data('name') : null;
            }
            """);
        Assert.NotNull(server);
        var (x, y) = await TopologyDriver.NodePointAsync(page, "d:" + server);
        // Several move events, as a real pointer gives: cytoscape tracks hover from movement. A graph update landing
        // between two events can swallow the hover; a user would nudge the mouse, and so does this loop.
        var card = page.Locator(".topo-card");
        var title = card.Locator(".topo-card-title");
        for (var attempt = 0; attempt < 5 && !(await card.IsVisibleAsync() && await title.TextContentAsync() == server); attempt++)
        {
            await page.Mouse.MoveAsync(x + (attempt % 2), y, new() { Steps = 5 });
            try
            {
                await Assertions.Expect(title).ToHaveTextAsync(server, new() { Timeout = 2_000 });
            }
            catch (PlaywrightException) when (attempt < 4)
            {
                await page.Mouse.MoveAsync(x + 40, y + 40);
            }
        }
        await Assertions.Expect(card.Locator(".topo-card-title")).ToHaveTextAsync(server);
        var number = int.Parse(server[2..], CultureInfo.InvariantCulture);
        // Simulated wiring: 16 servers per edge switch, server n on port Eth1/((n-1) % 16 + 1), address 10.10.2.n.
        await Assertions.Expect(card).ToContainTextAsync($"edge{((number - 1) / 16) + 1:00} Eth1/{((number - 1) % 16) + 1}");
        await Assertions.Expect(card).ToContainTextAsync($"10.10.2.{number}");
        // Simulated servers report host metrics: CPU, memory and uptime are on the card.
        await Assertions.Expect(card).ToContainTextAsync("CPU");
        await Assertions.Expect(card).ToContainTextAsync("Memory used");
        await Assertions.Expect(card).ToContainTextAsync("Uptime");

        await page.Mouse.ClickAsync(x, y);
        var detail = page.Locator("[data-testid=topo-detail]");
        await Assertions.Expect(detail).ToBeVisibleAsync(TopologyDriver.Soon);
        await Assertions.Expect(detail.Locator("h2")).ToHaveTextAsync(server);
        await Assertions.Expect(detail.Locator("[data-testid=node-cpu]")).ToContainTextAsync("%");

        await page.Locator("[data-testid=topo-collapse]").ClickAsync();
        await TopologyDriver.WaitAsync(page, "el.__cy.nodes('.group.collapsed').length > 0 && el.__cy.getElementById('d:hd001').hidden()");
        await page.Locator("[data-testid=topo-search]").FillAsync("hd050");
        await page.Locator("[data-testid=topo-search]").PressAsync("Enter");
        await TopologyDriver.WaitAsync(page, "el.__cy.getElementById('d:hd050').visible() && el.__cy.getElementById('d:hd050').hasClass('found')");
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Network_page_lists_switches_and_colours_a_down_port_red()
    {
        var (page, errors) = await TopologyDriver.OpenAsync(Browser, App.BaseUri, "/network");
        await Assertions.Expect(page.Locator("[data-testid=switch-list] tbody tr")).ToHaveCountAsync(9, new() { Timeout = 15_000 });
        await page.Locator("[data-switch=edge01]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=port-grid] .port-cell")).ToHaveCountAsync(18);
        await page.Locator("[data-testid=port-filter]").FillAsync("hd003");
        await Assertions.Expect(page.Locator("[data-testid=port-grid] .port-cell")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=port-table] tbody tr")).ToContainTextAsync("hd003");

        // A click on the port opens its detail with a Plotly trend of the samples recorded so far.
        await page.Locator("[data-testid=port-grid] .port-cell").ClickAsync();
        var detail = page.Locator("[data-testid=port-detail]");
        await Assertions.Expect(detail).ToBeVisibleAsync(TopologyDriver.Soon);
        await Assertions.Expect(detail.Locator("h3")).ToContainTextAsync("edge01 Eth1/3");
        await Assertions.Expect(detail).ToContainTextAsync("hd003");
        var trend = detail.Locator("[data-testid=port-trend]");
        await Assertions.Expect(trend.Locator(".main-svg").First).ToBeVisibleAsync(TopologyDriver.Soon);
        await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-testid=port-trend]').dataset.drawn) >= 2", null, new() { Timeout = 15_000 });
        var lines = await page.EvaluateAsync<int>("() => document.querySelectorAll('[data-testid=port-trend] .scatterlayer .trace').length");
        Assert.Equal(4, lines);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        await page.Context.CloseAsync();
    }
}

/// <summary>The console polling the namespace lab over SNMP, seen in a browser.</summary>
[Trait("Category", "Browser")]
[Collection("netlab")]
public sealed class LabTopologyTests(NetLabFixture lab) : AppAndBrowser([
        .. AppProcess.FastSimulatorArgs(),
        "--Network:PollInterval=00:00:02", "--Network:DiscoveryInterval=00:00:02", "--Network:Timeout=00:00:01",
        "--Network:Switches:0:Name=sw1", $"--Network:Switches:0:Address={NetLabFixture.SwitchAddress(1)}",
        $"--Network:Switches:0:Community={NetLabFixture.Community}", "--Network:Switches:0:Role=CoreSwitch",
        $"--Network:DiscoverNetworks:0={NetLabFixture.LabNet}.0.0/16",
    ])
{
    [Fact]
    public async Task A_lab_cable_taken_down_turns_red_within_15_s_and_back_when_it_comes_up()
    {
        var (page, errors) = await TopologyDriver.OpenAsync(Browser, App.BaseUri, "/topology");
        await TopologyDriver.WaitAsync(page, "el.dataset.nodes === '6' && el.dataset.edges === '5' && el.dataset.alarmEdges === '0'", 30_000);
        var edge = "l:sw2:swp1|srv3:eth0";
        try
        {
            await lab.SetLinkAsync("srv3", "eth0", up: false);
            await TopologyDriver.WaitAsync(page, $"el.__cy.getElementById('{edge}').hasClass('alarm')", 15_000);
            Assert.Equal("srv3 down!", await page.EvaluateAsync<string>($"() => document.getElementById('topology').__cy.getElementById('{edge}').data('alarm')"));
        }
        finally
        {
            await lab.SetLinkAsync("srv3", "eth0", up: true);
        }
        await TopologyDriver.WaitAsync(page, $"!el.__cy.getElementById('{edge}').hasClass('alarm')", 15_000);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        await page.Context.CloseAsync();
    }
}
