using System.Text.Json;
using OnlineConsole.Components.Network;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Tests.Network;

[Trait("Category", "Unit")]
public sealed class TopologyElementsTests
{
    private static readonly SourceStamp Stamp = new("t", DateTimeOffset.UnixEpoch);

    private static NetworkSnapshot Net(LinkState serverPort) => NetworkAlarms.WithAlarms(new NetworkSnapshot(
    [
        new NetworkDevice("edge01", DeviceRole.EdgeSwitch, "10.0.0.1", true, [new PortStatus(1, "Eth1/1", serverPort, 25_000_000_000, 5e9, 1e9, 0, 0, "hd001")], Stamp),
        new NetworkDevice("hd001", DeviceRole.Server, "10.0.1.1", true, [], Stamp),
    ], [new NetworkLink("edge01", "Eth1/1", "hd001", "eth0")]), NetworkAlarmThresholds.Default);

    [Fact]
    public void A_down_link_carries_the_alarm_label_on_the_edge_and_the_server_and_the_server_sits_in_its_switch_rack()
    {
        var e = TopologyElements.Build(Net(LinkState.Down));
        using var edge = JsonDocument.Parse(e["l:edge01:Eth1/1|hd001:eth0"]);
        Assert.Equal("hd001 down!", edge.RootElement.GetProperty("alarm").GetString());
        Assert.Equal("Down", edge.RootElement.GetProperty("state").GetString());
        using var server = JsonDocument.Parse(e["d:hd001"]);
        Assert.Equal("hd001 down!", server.RootElement.GetProperty("label").GetString());
        Assert.Equal("edge01", server.RootElement.GetProperty("rack").GetString());
    }

    [Fact]
    public void Only_changed_elements_and_removed_ids_are_sent_after_the_first_time()
    {
        var before = TopologyElements.Build(Net(LinkState.Up));
        var (all, none) = TopologyElements.Diff(new Dictionary<string, string>(), before);
        Assert.Equal(3, JsonDocument.Parse(all).RootElement.GetArrayLength());
        Assert.Empty(none);
        var (same, _) = TopologyElements.Diff(before, TopologyElements.Build(Net(LinkState.Up)));
        Assert.Equal("[]", same);
        var after = TopologyElements.Build(Net(LinkState.Down));
        var (changed, _) = TopologyElements.Diff(before, after);
        var ids = JsonDocument.Parse(changed).RootElement.EnumerateArray().Select(x => x.GetProperty("id").GetString()).ToList();
        // The switch (its down count), the server (its label) and the link changed; nodes come before edges.
        Assert.Equal(["d:edge01", "d:hd001", "l:edge01:Eth1/1|hd001:eth0"], ids);
        after.Remove("d:hd001");
        Assert.Equal(["d:hd001"], TopologyElements.Diff(before, after).Removed);
    }
}
