using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Tests.Network;

[Trait("Category", "Unit")]
public sealed class PortsDownTests
{
    private static readonly SourceStamp Stamp = new("t", DateTimeOffset.UnixEpoch);

    private static PortStatus Port(int i, string name, LinkState state, string? neighbour, bool adminUp = true) =>
        new(i, name, state, 1_000_000_000, 0, 0, 0, 0, neighbour) { AdminUp = adminUp };

    [Fact]
    public void Each_cable_down_counts_once_whichever_ends_report_it()
    {
        var snapshot = new NetworkSnapshot(
        [
            // sw1:swp48 is shut (admin down), so its peer sw2:swp48 is down too: one cable.
            new NetworkDevice("sw1", DeviceRole.CoreSwitch, null, true, [Port(1, "swp1", LinkState.Down, "srv1"), Port(48, "swp48", LinkState.Down, "sw2", adminUp: false), Port(2, "swp2", LinkState.Up, "srv2")], Stamp),
            new NetworkDevice("sw2", DeviceRole.EdgeSwitch, null, true, [Port(48, "swp48", LinkState.Down, "sw1"), Port(5, "swp5", LinkState.Down, null)], Stamp),
            // A server's port is the state of the switch port it hangs from: the same cable again.
            new NetworkDevice("srv1", DeviceRole.Server, null, true, [Port(1, "eth0", LinkState.Down, "sw1")], Stamp),
            new NetworkDevice("srv2", DeviceRole.Server, null, true, [Port(1, "eth0", LinkState.Up, "sw1")], Stamp),
        ],
        [
            new NetworkLink("sw1", "swp1", "srv1", "eth0"),
            new NetworkLink("sw1", "swp2", "srv2", "eth0"),
            new NetworkLink("sw1", "swp48", "sw2", "swp48"),
        ]);

        // sw1-srv1, sw1-sw2 and the unconnected sw2:swp5.
        Assert.Equal(3, snapshot.PortsDown);
    }
}
