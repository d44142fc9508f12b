using OnlineConsole.Core.Network;

namespace OnlineConsole.Tests.Network;

[Trait("Category", "Unit")]
public sealed class ReachabilityWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Loss_and_round_trips_are_over_the_window_only()
    {
        var w = new ReachabilityWindow(TimeSpan.FromMinutes(1));
        w.Add(ReachabilityMethod.Icmp, T0, null);
        w.Add(ReachabilityMethod.Icmp, T0.AddSeconds(10), 0.4);
        var s = w.Add(ReachabilityMethod.Icmp, T0.AddSeconds(20), 0.2);
        Assert.Equal(3, s.Probes);
        Assert.Equal(1.0 / 3, s.Loss, 9);
        Assert.Equal((0.2, 0.4), (s.LastRttMs!.Value, s.MaxRttMs!.Value));
        Assert.Equal(0.3, s.AverageRttMs!.Value, 9);
        // A minute after the lost probe it has left the window.
        s = w.Add(ReachabilityMethod.Icmp, T0.AddSeconds(60), 0.3);
        Assert.Equal((3, 0.0), (s.Probes, s.Loss));
        Assert.Equal(0.3, s.AverageRttMs!.Value, 6);
        s = w.Add(ReachabilityMethod.Icmp, T0.AddMinutes(5), null);
        Assert.Equal((1, 1.0), (s.Probes, s.Loss));
        Assert.Null(s.AverageRttMs);
        Assert.Null(s.Port);
    }

    [Fact]
    public void A_tcp_check_carries_its_port_and_the_window_stays_bounded()
    {
        var w = new ReachabilityWindow(TimeSpan.FromDays(1));
        ReachabilityStats s = null!;
        for (var i = 0; i < ReachabilityWindow.MaxSamples + 100; i++) s = w.Add(ReachabilityMethod.Tcp, T0.AddSeconds(i), 1, 22);
        Assert.Equal(ReachabilityWindow.MaxSamples, s.Probes);
        Assert.Equal((ReachabilityMethod.Tcp, 22), (s.Method, s.Port));
    }
}
