using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Tests.Network;

[Trait("Category", "Unit")]
public sealed class PortHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_recent_ring_keeps_the_newest_samples_in_order_after_it_wraps()
    {
        // One minute at 10 s: six slots.
        var h = new PortHistory(TimeSpan.FromSeconds(10), 10, TimeSpan.FromMinutes(1));
        Assert.Equal(6, h.RecentCapacity);
        for (var i = 0; i < 10; i++) h.Record("sw1", "p1", T0.AddSeconds(10 * i), 1000 * (i + 1), 500, i, 0);
        var r = h.Get("sw1", "p1")!.Recent;
        Assert.Equal(6, r.Count);
        Assert.Equal(Enumerable.Range(4, 6).Select(i => T0.AddSeconds(10 * i).ToUnixTimeMilliseconds()), r.TimesMs);
        Assert.Equal([5000, 6000, 7000, 8000, 9000, 10000], r.InBps.Select(v => Math.Round(v!.Value / 1000) * 1000));
        Assert.Equal([4, 5, 6, 7, 8, 9], r.Errors.Select(v => Math.Round(v!.Value, 2)));
        Assert.Null(h.Get("sw1", "p2"));
    }

    [Fact]
    public void Minutes_hold_averages_gaps_are_null_and_the_minute_in_progress_shows_its_average_so_far()
    {
        var h = new PortHistory(TimeSpan.FromSeconds(10), 10);
        // Minute 0: 1, 2, 3 Gb/s; minute 1: nothing; minute 2: 10 Gb/s then (in progress) 4 Gb/s at minute 3.
        h.Record("sw1", "p1", T0, 1e9, 0, 0, 0);
        h.Record("sw1", "p1", T0.AddSeconds(20), 2e9, 0, 2, 0);
        h.Record("sw1", "p1", T0.AddSeconds(40), 3e9, 0, 4, 0);
        h.Record("sw1", "p1", T0.AddMinutes(2), 10e9, 0, 0, 1);
        h.Record("sw1", "p1", T0.AddMinutes(3), 4e9, 0, 0, 0);
        var m = h.Get("sw1", "p1")!.Minutes;
        Assert.Equal(Enumerable.Range(0, 4).Select(i => T0.AddMinutes(i).ToUnixTimeMilliseconds()), m.TimesMs);
        Assert.Equal(2e9, m.InBps[0]!.Value, 2e9 * 5e-4);
        Assert.Equal(2, m.Errors[0]!.Value, 0.01);
        Assert.Null(m.InBps[1]);
        Assert.Equal(10e9, m.InBps[2]!.Value, 10e9 * 5e-4);
        Assert.Equal(1, m.Discards[2]!.Value, 0.01);
        Assert.Equal(4e9, m.InBps[3]!.Value);
    }

    [Fact]
    public void The_minute_ring_wraps_and_a_long_silence_leaves_no_stale_minutes()
    {
        var h = new PortHistory(TimeSpan.FromSeconds(10), 10, minutes: 5);
        for (var i = 0; i < 8; i++) h.Record("sw1", "p1", T0.AddMinutes(i), i + 1, 0, 0, 0);
        var m = h.Get("sw1", "p1")!.Minutes;
        // Five slots: minutes 3..6 finished plus minute 7 in progress.
        Assert.Equal(5, m.Count);
        Assert.Equal([4, 5, 6, 7, 8], m.InBps.Select(v => Math.Round(v!.Value, 1)));

        // Silent for 20 minutes: the old minutes are out of the window and none comes back.
        h.Record("sw1", "p1", T0.AddMinutes(28), 100, 0, 0, 0);
        h.Record("sw1", "p1", T0.AddMinutes(29), 200, 0, 0, 0);
        m = h.Get("sw1", "p1")!.Minutes;
        Assert.Equal(5, m.Count);
        Assert.Equal([null, null, null, 100, 200], m.InBps.Select(v => v is { } x ? Math.Round(x) : (double?)null));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    [InlineData(1.5)]
    [InlineData(950e3)]
    [InlineData(25e9)]
    [InlineData(400e9)]
    public void The_16_bit_code_keeps_values_within_a_twentieth_of_a_percent(double v)
    {
        var back = PortHistory.Decode(PortHistory.Encode(v));
        Assert.InRange(back, v - (5e-4 * (1 + v)), v + (5e-4 * (1 + v)));
    }

    [Fact]
    public void Budget_for_9000_ports_at_10_s_is_as_documented_and_matches_what_is_allocated()
    {
        var h = new PortHistory(TimeSpan.FromSeconds(10), 100_000);
        Assert.Equal(360, h.RecentCapacity);
        Assert.Equal(16_290, h.BytesPerPort);
        // The figure in the class summary and the README: 9,000 ports in 146.6 MB.
        Assert.Equal(146_610_000, h.BudgetBytes(9000));

        const int ports = 500;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var p = 0; p < ports; p++) h.Record("sw1", "p" + p, T0, 1, 1, 0, 0);
        var perPort = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)ports;
        // What one port really costs (arrays, series object, key, dictionary growth) stays within the stated budget.
        Assert.InRange(perPort, 15_000, h.BytesPerPort);
    }

    [Fact]
    public void Ports_beyond_the_cap_get_no_history_and_servers_are_not_recorded()
    {
        var h = new PortHistory(TimeSpan.FromSeconds(10), 2);
        var stamp = new SourceStamp("t", T0);
        PortStatus Port(int i) => new(i, "p" + i, LinkState.Up, 1_000_000_000, 1e6, 1e6, 0, 0, null);
        var snap = new NetworkSnapshot(
        [
            new NetworkDevice("sw1", DeviceRole.EdgeSwitch, null, true, [Port(1), Port(2), Port(3), Port(4) with { RatesKnown = false }], stamp),
            new NetworkDevice("hd001", DeviceRole.Server, null, true, [Port(9)], stamp),
        ], []);
        h.Record(snap, T0);
        Assert.Equal(2, h.Count);
        Assert.NotNull(h.Get("sw1", "p1"));
        Assert.Null(h.Get("sw1", "p3"));
        Assert.Null(h.Get("hd001", "p9"));
    }

    [Fact]
    public void The_store_records_every_snapshot_written_to_its_network_area()
    {
        var time = new Support.ManualTimeProvider(T0);
        var store = Support.TestStores.Create(time);
        var stamp = new SourceStamp("t", T0);
        var port = new PortStatus(1, "Eth1/1", LinkState.Up, 25_000_000_000, 5e9, 1e9, 0, 0, "hd001");
        store.Network.Replace(new NetworkSnapshot([new NetworkDevice("edge01", DeviceRole.EdgeSwitch, null, true, [port], stamp)], []), stamp);
        store.Network.Replace(new NetworkSnapshot([new NetworkDevice("edge01", DeviceRole.EdgeSwitch, null, true, [port with { InBitsPerSecond = 7e9 }], stamp)], []), stamp with { UpdatedAt = T0.AddSeconds(10) });
        var r = store.Network.History.Get("edge01", "Eth1/1")!.Recent;
        Assert.Equal(2, r.Count);
        Assert.Equal(7e9, r.InBps[1]!.Value, 7e9 * 5e-4);
    }
}
