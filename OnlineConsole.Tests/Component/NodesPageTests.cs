using Bunit;
using OnlineConsole.Components.Pages;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Component;

/// <summary>The compute-node grid: worst first, state as icon and text, bars with their numbers, stale marked, a tile's facts.</summary>
[Trait("Category", "Component")]
public sealed class NodesPageTests : IAsyncDisposable
{
    private readonly ConsoleTestContext _ctx = new();

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();

    private void Node(string name, ServiceState state, double? cpu, DateTimeOffset? at = null) =>
        _ctx.Store.Services.Report(new ServiceHealth(ComputeNodeRows.Name(name), ComputeNodeRows.Kind, state, state == ServiceState.Down ? "target down: scrape fails" : "CPU", new SourceStamp("prometheus", at ?? _ctx.Time.GetUtcNow()))
        {
            Parent = ComputeNodeRows.GroupName,
            Facts = [new("Node.Fact.Target", state == ServiceState.Down ? "down" : "up")],
            Values = cpu is { } c ? new Dictionary<string, double> { ["cpu"] = c, ["memory"] = 0.5 } : new Dictionary<string, double>(),
        });

    [Fact]
    public void Nodes_show_worst_first_with_their_bars_and_a_tile_opens_its_facts()
    {
        Node("hd001", ServiceState.Up, 0.42);
        Node("hd002", ServiceState.Down, null);
        Node("hd003", ServiceState.Degraded, 0.97);
        _ctx.SignIn("sam", "Shifter");
        var page = _ctx.Render<NodesPage>();

        Assert.Equal(["hd002", "hd003", "hd001"], page.FindAll("[data-testid=node-tile]").Select(t => t.GetAttribute("data-name")));
        Assert.Contains("1 of 3 nodes up", page.Find("[data-testid=nodes-summary]").TextContent, StringComparison.Ordinal);
        var hd001 = page.Find("[data-testid=node-tile][data-name=hd001]");
        Assert.Contains("CPU 42 %", hd001.QuerySelector("[data-testid=node-cpu]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("up", hd001.QuerySelector("[data-testid=svc-state]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.Find("[data-testid=node-tile][data-name=hd002]").QuerySelector("[data-testid=node-cpu]"));

        page.Find("[data-testid=nodes-only-problems]").Change(true);
        Assert.Equal(["hd002", "hd003"], page.FindAll("[data-testid=node-tile]").Select(t => t.GetAttribute("data-name")));

        page.Find("[data-testid=node-tile][data-name=hd002] button").Click();
        Assert.Equal("down", page.Find("[data-testid='node-fact-Node.Fact.Target']").TextContent);
    }

    [Fact]
    public void A_node_not_heard_from_is_marked_stale_and_a_new_state_arrives_without_reload()
    {
        Node("hd010", ServiceState.Up, 0.3, _ctx.Time.GetUtcNow().AddMinutes(-10));
        _ctx.SignIn("sam", "Shifter");
        var page = _ctx.Render<NodesPage>();
        Assert.Contains("node-stale", page.Find("[data-testid=node-tile][data-name=hd010]").ClassName, StringComparison.Ordinal);

        Node("hd010", ServiceState.Down, null);
        _ctx.Time.Advance(TimeSpan.FromSeconds(1.1));
        page.WaitForAssertion(() => Assert.Equal("down", page.Find("[data-testid=node-tile][data-name=hd010]").GetAttribute("data-state")));
    }
}
