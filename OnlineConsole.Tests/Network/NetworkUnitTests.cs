using System.Net;
using OnlineConsole.Collectors.Network;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Tests.Network;

[Trait("Category", "Unit")]
public sealed class IfMibTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static VarBind If(uint column, int index, SnmpValue v) => new(IfMib.IfEntry.Append(column, (uint)index), v);
    private static VarBind IfX(uint column, int index, SnmpValue v) => new(IfMib.IfXEntry.Append(column, (uint)index), v);

    private static IfSample Sample(DateTimeOffset at, uint upTimeTicks, params IfRow[] rows) =>
        new(at, TimeSpan.FromMilliseconds(upTimeTicks * 10.0), rows.ToDictionary(r => r.Index));

    private static IfRow Row(ulong hcIn, ulong hcOut, ulong errors = 0, int oper = 1) => new(1)
    {
        Name = "swp1", OperStatus = oper, AdminStatus = 1, HighSpeedMbits = 10_000, HcInOctets = hcIn, HcOutOctets = hcOut,
        InErrors = errors, OutErrors = 0, InDiscards = 0, OutDiscards = 0,
    };

    [Fact]
    public void Parses_both_tables_into_rows_by_ifIndex()
    {
        var malformed = 0;
        var rows = IfMibParser.Parse(
        [
            If(IfMib.Descr, 2, SnmpValue.OctetString("Ethernet 2")),
            If(IfMib.OperStatus, 2, SnmpValue.Integer(7)),
            If(IfMib.AdminStatus, 2, SnmpValue.Integer(1)),
            If(IfMib.Speed, 2, SnmpValue.Gauge32(uint.MaxValue)),
            If(IfMib.InErrors, 2, SnmpValue.Counter32(5)),
            IfX(IfMib.Name, 2, SnmpValue.OctetString("Eth1/2")),
            IfX(IfMib.Alias, 2, SnmpValue.OctetString("to hd086")),
            IfX(IfMib.HighSpeed, 2, SnmpValue.Gauge32(100_000)),
            IfX(IfMib.HCInOctets, 2, SnmpValue.Counter64(1UL << 40)),
        ], ref malformed);
        Assert.Equal(0, malformed);
        var r = Assert.Single(rows).Value;
        Assert.Equal("Eth1/2", r.DisplayName);
        Assert.Equal("to hd086", r.Alias);
        Assert.Equal(100_000_000_000L, r.SpeedBitsPerSecond);
        Assert.Equal(LinkState.Down, IfMibRates.State(r.OperStatus));
        Assert.Equal(1UL << 40, r.HcInOctets);
        Assert.Equal(5UL, r.InErrors);
    }

    [Fact]
    public void Wrong_types_and_bad_indexes_are_counted_not_thrown()
    {
        var malformed = 0;
        var rows = IfMibParser.Parse(
        [
            If(IfMib.OperStatus, 1, SnmpValue.OctetString("up")),
            new VarBind(IfMib.IfEntry.Append(IfMib.OperStatus, 1, 2), SnmpValue.Integer(1)),
            new VarBind(Oid.Parse("1.3.6.1.2.1.1.5.0"), SnmpValue.OctetString("x")),
            If(IfMib.OperStatus, 3, SnmpValue.NoSuchInstance),
            If(IfMib.OperStatus, 4, SnmpValue.Integer(1)),
        ], ref malformed);
        Assert.Equal(3, malformed);
        Assert.Equal(LinkState.Up, IfMibRates.State(rows[4].OperStatus));
    }

    [Fact]
    public void First_sample_has_state_but_no_rates()
    {
        var port = Assert.Single(IfMibRates.Compute(null, Sample(T0, 100, Row(1000, 1000))));
        Assert.False(port.RatesKnown);
        Assert.Equal(LinkState.Up, port.State);
        Assert.Equal(0, port.InBitsPerSecond);
    }

    [Fact]
    public void Rates_from_hc_counters_in_bits_per_second_and_utilization()
    {
        var a = Sample(T0, 100, Row(0, 0, errors: 10));
        var b = Sample(T0.AddSeconds(10), 1100, Row(12_500_000_000, 1_250_000_000, errors: 30));
        var port = Assert.Single(IfMibRates.Compute(a, b));
        Assert.True(port.RatesKnown);
        Assert.Equal(10e9, port.InBitsPerSecond, 3);
        Assert.Equal(1e9, port.OutBitsPerSecond, 3);
        Assert.Equal(1.0, port.Utilization, 6);
        Assert.Equal(2.0, port.ErrorsPerSecond, 6);
    }

    [Fact]
    public void Counter64_wrap_gives_the_distance_through_zero()
    {
        var a = Sample(T0, 100, Row(ulong.MaxValue - 999, 0));
        var b = Sample(T0.AddSeconds(10), 1100, Row(1000, 0));
        Assert.Equal(2000 * 8 / 10.0, Assert.Single(IfMibRates.Compute(a, b)).InBitsPerSecond, 6);
    }

    [Fact]
    public void Without_hc_counters_the_32_bit_ones_wrap_at_2_to_32()
    {
        IfRow R(uint inOctets, uint errors) => new(1) { OperStatus = 1, SpeedBits = 1_000_000_000, InOctets32 = inOctets, OutOctets32 = 0, InErrors = errors, OutErrors = 0 };
        var a = Sample(T0, 100, R(uint.MaxValue - 99, uint.MaxValue));
        var b = Sample(T0.AddSeconds(10), 1100, R(900, 9));
        var port = Assert.Single(IfMibRates.Compute(a, b));
        Assert.True(port.RatesKnown);
        Assert.Equal(1000 * 8 / 10.0, port.InBitsPerSecond, 6);
        Assert.Equal(1.0, port.ErrorsPerSecond, 6);
    }

    [Fact]
    public void Agent_restart_detected_by_sysUpTime_gives_no_rates_then_rates_again()
    {
        var a = Sample(T0, 500_000, Row(9_000_000, 9_000_000, errors: 100));
        // Counters restarted from zero: read naively they would look like a 64-bit wrap of absurd size.
        var b = Sample(T0.AddSeconds(10), 300, Row(1000, 1000, errors: 0));
        var afterRestart = Assert.Single(IfMibRates.Compute(a, b));
        Assert.False(afterRestart.RatesKnown);
        Assert.Equal(0, afterRestart.InBitsPerSecond);
        Assert.Equal(0, afterRestart.ErrorsPerSecond);
        var c = Sample(T0.AddSeconds(20), 1300, Row(11_000, 1000, errors: 0));
        var next = Assert.Single(IfMibRates.Compute(b, c));
        Assert.True(next.RatesKnown);
        Assert.Equal(8000, next.InBitsPerSecond, 6);
    }

    [Fact]
    public void A_new_interface_has_no_rates_until_its_second_sample()
    {
        var a = Sample(T0, 100, Row(0, 0));
        var added = Row(5000, 5000) with { Index = 2, Name = "swp2" };
        var b = Sample(T0.AddSeconds(10), 1100, Row(1000, 1000), added);
        var ports = IfMibRates.Compute(a, b);
        Assert.True(ports[0].RatesKnown);
        Assert.False(ports[1].RatesKnown);
    }

    [Fact]
    public void Admin_down_port_is_down_but_raises_no_link_alarm()
    {
        var row = Row(0, 0, oper: 2);
        row.AdminStatus = 2;
        var port = Assert.Single(IfMibRates.Compute(null, Sample(T0, 1, row)));
        Assert.Equal(LinkState.Down, port.State);
        Assert.False(port.AdminUp);
        var snap = new NetworkSnapshot([new NetworkDevice("sw", DeviceRole.EdgeSwitch, null, true, [port], new SourceStamp("t", T0))], []);
        Assert.Empty(NetworkAlarms.Evaluate(snap, NetworkAlarmThresholds.Default));
    }
}

[Trait("Category", "Unit")]
public sealed class LldpTests
{
    private static VarBind Rem(uint column, uint timeMark, uint localPort, uint index, SnmpValue v) =>
        new(LldpMib.RemEntry.Append(column, timeMark, localPort, index), v);

    private static VarBind Loc(uint column, uint port, string v) => new(LldpMib.LocPortEntry.Append(column, port), SnmpValue.OctetString(v));

    private static VarBind Man(uint timeMark, uint localPort, uint index, params uint[] address) =>
        new(LldpMib.RemManAddrEntry.Append([LldpMib.RemManAddrIfSubtype, timeMark, localPort, index, address.Length == 4 ? 1u : 2u, (uint)address.Length, .. address]), SnmpValue.Integer(2));

    [Fact]
    public void Index_is_timeMark_localPortNum_remIndex_and_local_port_names_come_from_lldpLocPortTable()
    {
        var malformed = 0;
        var n = LldpParser.Parse(
        [
            Loc(LldpMib.LocPortId, 2, "swp1"), Loc(LldpMib.LocPortId, 4, "swp48"),
            Rem(LldpMib.RemPortIdSubtype, 400, 2, 1, SnmpValue.Integer(5)),
            Rem(LldpMib.RemPortIdSubtype, 400, 4, 3, SnmpValue.Integer(5)),
            Rem(LldpMib.RemPortId, 400, 2, 1, SnmpValue.OctetString("eth0")),
            Rem(LldpMib.RemPortId, 400, 4, 3, SnmpValue.OctetString("swp48")),
            Rem(LldpMib.RemSysName, 400, 2, 1, SnmpValue.OctetString("srv1")),
            Rem(LldpMib.RemSysName, 400, 4, 3, SnmpValue.OctetString("sw2")),
            Rem(LldpMib.RemSysCapEnabled, 400, 2, 1, SnmpValue.OctetString([0x01])),
            Rem(LldpMib.RemSysCapEnabled, 400, 4, 3, SnmpValue.OctetString([0x20])),
            Man(400, 2, 1, 10, 78, 100, 1),
            Man(400, 2, 1, 254, 128, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8),
            Man(400, 4, 3, 10, 78, 2, 2),
        ], ref malformed);
        Assert.Equal(0, malformed);
        Assert.Equal(
        [
            new LldpNeighbour("swp1", "srv1", "eth0", IPAddress.Parse("10.78.100.1"), false),
            new LldpNeighbour("swp48", "sw2", "swp48", IPAddress.Parse("10.78.2.2"), true),
        ], n);
    }

    [Fact]
    public void Mac_port_ids_are_hex_and_a_row_without_a_name_is_malformed()
    {
        var malformed = 0;
        var n = LldpParser.Parse(
        [
            Rem(LldpMib.RemPortIdSubtype, 0, 7, 1, SnmpValue.Integer(3)),
            Rem(LldpMib.RemPortId, 0, 7, 1, SnmpValue.OctetString([0x52, 0x54, 0, 0x12, 0x34, 0x56])),
            Rem(LldpMib.RemSysName, 0, 7, 1, SnmpValue.OctetString("hd086")),
            Rem(LldpMib.RemPortId, 0, 8, 1, SnmpValue.OctetString("eth1")),
            Rem(LldpMib.RemSysName, 0, 8, 1, SnmpValue.Integer(3)),
        ], ref malformed);
        var only = Assert.Single(n);
        Assert.Equal(new LldpNeighbour("7", "hd086", "525400123456", null, false), only);
        Assert.Equal(2, malformed);
    }

    [Fact]
    public void Both_ends_reporting_a_cable_give_one_link()
    {
        var links = LinkMerger.Merge(
        [
            ("sw1", [new LldpNeighbour("swp48", "sw2", "swp48", null, true), new LldpNeighbour("swp1", "srv1", "eth0", null, false)]),
            ("sw2", [new LldpNeighbour("swp48", "sw1", "swp48", null, true)]),
        ], []);
        Assert.Equal([new NetworkLink("sw1", "swp48", "sw2", "swp48"), new NetworkLink("sw1", "swp1", "srv1", "eth0")], links);
    }

    [Fact]
    public void Static_links_fill_in_where_lldp_is_absent_and_lldp_wins_on_a_conflict()
    {
        var links = LinkMerger.Merge(
            [("sw1", [new LldpNeighbour("swp1", "srv1", "eth0", null, false)])],
            [
                new NetworkLink("sw1", "swp1", "oldsrv", "eth0"),
                new NetworkLink("srv1", "eth0", "sw1", "swp1"),
                new NetworkLink("sw1", "swp9", "storage1", "bond0"),
                new NetworkLink("storage1", "bond0", "sw1", "swp9"),
            ]);
        Assert.Equal(2, links.Count);
        Assert.False(links[0].Static);
        Assert.Equal(new NetworkLink("sw1", "swp9", "storage1", "bond0") { Static = true }, links[1]);
    }
}

[Trait("Category", "Unit")]
public sealed class LinkMemoryTests
{
    [Fact]
    public void A_cable_that_lost_its_lldp_neighbour_is_remembered_until_its_port_gets_another()
    {
        var before = new NetworkLink("sw2", "swp1", "srv3", "eth0");
        var kept = LinkMerger.Merge([("sw2", [])], [], [before]);
        Assert.Equal([before with { Unseen = true }], kept);
        var replaced = LinkMerger.Merge([("sw2", [new LldpNeighbour("swp1", "srv9", "eth0", null, false)])], [], [before]);
        Assert.Equal([new NetworkLink("sw2", "swp1", "srv9", "eth0")], replaced);
    }
}

[Trait("Category", "Unit")]
public sealed class NetworkOptionsTests
{
    [Fact]
    public void Every_error_names_its_setting_and_no_secret_is_echoed()
    {
        var o = new NetworkOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(10),
            Switches =
            [
                new NetworkSwitchOptions { Name = "sw1", Address = "not-an-ip", Version = "2c" },
                new NetworkSwitchOptions { Name = "sw2", Address = "10.0.0.2", Version = "3", User = "ops", AuthProtocol = SnmpAuthProtocol.HmacSha1, AuthPassword = "s3cret-pass", PrivProtocol = SnmpPrivProtocol.Aes128 },
            ],
            DiscoverNetworks = ["10.77.0.0/33"],
            Servers = [new NetworkServerOptions { Name = "hd001", Address = "10.0.1.1", ReachabilityPort = 0 }],
        };
        var errors = o.Validate().ToList();
        Assert.Contains(errors, e => e.StartsWith("Network:PollInterval", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Network:Switches:0:Address", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Network:Switches:0:Community", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Network:Switches:1:PrivProtocol", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Network:DiscoverNetworks", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Network:Servers:0:ReachabilityPort", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void A_valid_configuration_has_no_errors() =>
        Assert.Empty(new NetworkOptions { Switches = [new NetworkSwitchOptions { Name = "sw1", Address = "10.77.1.2", Community = "public" }], DiscoverNetworks = ["10.77.0.0/16"] }.Validate());
}

[Trait("Category", "Unit")]
public sealed class NetworkAlarmTests
{
    private static readonly SourceStamp Stamp = new("t", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Link_down_errors_utilization_and_unreachability_become_candidates_named_after_the_server()
    {
        var edge = new NetworkDevice("edge01", DeviceRole.EdgeSwitch, null, true,
        [
            new PortStatus(1, "Eth1/1", LinkState.Down, 25_000_000_000, 0, 0, 0, 0, "hd001"),
            new PortStatus(2, "Eth1/2", LinkState.Up, 25_000_000_000, 1e9, 1e9, 5, 0, "hd086"),
            new PortStatus(3, "uplink1", LinkState.Up, 100_000_000_000, 95e9, 1e9, 0, 0, "core01"),
        ], Stamp);
        var hd001 = new NetworkDevice("hd001", DeviceRole.Server, "10.0.0.1", false, [], Stamp);
        var hd086 = new NetworkDevice("hd086", DeviceRole.Server, "10.0.0.86", true, [], Stamp);
        var alarms = NetworkAlarms.Evaluate(new NetworkSnapshot([edge, hd001, hd086], []), NetworkAlarmThresholds.Default);
        Assert.Equal(["hd001 down!", "hd086 error!", "edge01:uplink1 95%!", "hd001 unreachable!"], alarms.Select(a => a.Label));
        Assert.Equal(NetworkAlarmKind.Unreachable, alarms[^1].Kind);
    }

    [Fact]
    public void A_server_only_seen_through_lldp_raises_no_unreachable_alarm()
    {
        var seen = new NetworkDevice("srv9", DeviceRole.Server, null, false, [], Stamp) { ReachabilityProbed = false };
        Assert.Empty(NetworkAlarms.Evaluate(new NetworkSnapshot([seen], []), NetworkAlarmThresholds.Default));
    }
}
