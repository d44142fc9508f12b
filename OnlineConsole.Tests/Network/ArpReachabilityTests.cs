using System.Net;
using System.Net.NetworkInformation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors;
using OnlineConsole.Collectors.Network;
using OnlineConsole.Components.Network;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Tests.Network;

/// <summary>ARP frames and the directly-attached rule, without a network (the lab is <see cref="ArpLabTests"/>).</summary>
[Trait("Category", "Unit")]
public sealed class ArpReachabilityTests
{
    private static readonly ArpInterface Eth1 = new("eth1", 3, PhysicalAddress.Parse("02-00-00-00-00-01"), IPAddress.Parse("10.1.2.1"), 24);
    private static readonly IPAddress Target = IPAddress.Parse("10.1.2.7");
    private static readonly byte[] TargetMac = [0x02, 0, 0, 0, 0, 0x07];

    /// <summary>A reply from <paramref name="sender"/> to eth1, as the target's kernel would send it.</summary>
    private static byte[] Reply(IPAddress sender)
    {
        var f = ArpReachability.Request(Eth1, Target);
        var us = Eth1.Mac.GetAddressBytes();
        us.CopyTo(f, 0);
        TargetMac.CopyTo(f, 6);
        f[21] = 2;
        TargetMac.CopyTo(f, 22);
        sender.GetAddressBytes().CopyTo(f, 28);
        us.CopyTo(f, 32);
        Eth1.Address.GetAddressBytes().CopyTo(f, 38);
        return f;
    }

    private static ArpFrame Classify(byte[] frame) => ArpReachability.Classify(frame, Eth1, Target, out _);

    [Fact]
    public void The_request_is_a_broadcast_who_has_from_the_interface()
    {
        var f = ArpReachability.Request(Eth1, Target);
        Assert.Equal(ArpReachability.FrameLength, f.Length);
        Assert.Equal("ffffffffffff020000000001" + "0806" + "0001080006040001" + "020000000001" + "0a010201" + "000000000000" + "0a010207", Convert.ToHexStringLower(f));
        // Seen on the socket on its way out, it names the target asked for.
        Assert.Equal(ArpFrame.Asked, ArpReachability.Classify(f, Eth1, Target, out var about));
        Assert.Equal(Target, about);
    }

    [Fact]
    public void Only_the_targets_reply_answers_and_damage_sent_to_this_host_is_malformed()
    {
        Assert.Equal(ArpFrame.Answer, Classify(Reply(Target)));
        // Ethernet pads short frames to 60 bytes: the padding is no damage.
        Assert.Equal(ArpFrame.Answer, Classify([.. Reply(Target), .. new byte[18]]));
        Assert.Equal(ArpFrame.OtherSender, ArpReachability.Classify(Reply(IPAddress.Parse("10.1.2.99")), Eth1, Target, out var sender));
        Assert.Equal(IPAddress.Parse("10.1.2.99"), sender);
        Assert.Equal(ArpFrame.Malformed, Classify(Reply(Target)[..30]));
        var wrongLength = Reply(Target);
        wrongLength[19] = 16;
        Assert.Equal(ArpFrame.Malformed, Classify(wrongLength));

        // Other traffic on the segment: not to this host, another host's request, a reply to another of our addresses, not ARP.
        var elsewhere = Reply(Target);
        TargetMac.CopyTo(elsewhere, 0);
        Assert.Equal(ArpFrame.Other, Classify(elsewhere));
        Assert.Equal(ArpFrame.Other, Classify(elsewhere[..30]));
        var theirs = ArpReachability.Request(new ArpInterface("x", 9, new PhysicalAddress(TargetMac), Target, 24), Eth1.Address);
        Assert.Equal(ArpFrame.Other, Classify(theirs));
        var otherAddress = Reply(Target);
        otherAddress[41] = 2;
        Assert.Equal(ArpFrame.Other, Classify(otherAddress));
        var ip = Reply(Target);
        ip[12] = 0x08;
        ip[13] = 0x00;
        Assert.Equal(ArpFrame.Other, Classify(ip));
        Assert.Equal(ArpFrame.Other, Classify([0x02, 0x00]));
    }

    [Fact]
    public void Arp_is_refused_for_an_address_on_no_directly_attached_network()
    {
        var interfaces = new[] { Eth1, new ArpInterface("eth0", 2, PhysicalAddress.Parse("02-00-00-00-00-02"), IPAddress.Parse("192.0.2.2"), 24) };
        Assert.Empty(NetworkOptions.ValidateArp("S", Target, interfaces));
        Assert.Equal(
            ["S:Reachability Arp needs 10.9.0.5 on a network directly attached to this host, and it is on none of eth1 10.1.2.1/24, eth0 192.0.2.2/24; use Icmp or Tcp for a routed host."],
            NetworkOptions.ValidateArp("S", IPAddress.Parse("10.9.0.5"), interfaces));
        Assert.Equal(["S:Reachability Arp needs an IPv4 address (is fd00::5); use Icmp or Tcp."], NetworkOptions.ValidateArp("S", IPAddress.Parse("fd00::5"), interfaces));
        Assert.Equal(["S:Reachability Arp: 10.1.2.1 is an address of this host."], NetworkOptions.ValidateArp("S", IPAddress.Parse("10.1.2.1"), interfaces));
        Assert.Equal(["S:Reachability Arp needs 10.1.2.7 on a network directly attached to this host, which has no Ethernet interface with IPv4; use Icmp or Tcp."],
            NetworkOptions.ValidateArp("S", Target, []));

        // The longest prefix wins where networks nest.
        var wide = new ArpInterface("eth2", 4, PhysicalAddress.Parse("02-00-00-00-00-03"), IPAddress.Parse("10.1.0.1"), 16);
        Assert.Equal("eth1", ArpInterface.For(Target, [wide, Eth1])?.Name);
        Assert.Equal("eth2", ArpInterface.For(IPAddress.Parse("10.1.3.7"), [wide, Eth1])?.Name);
    }

    [Fact]
    public void A_routed_address_with_arp_stops_the_start_with_the_setting_named()
    {
        // 203.0.113.0/24 (TEST-NET-3) is on no interface of a test machine.
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Network:Switches:0:Name"] = "sw1", ["Network:Switches:0:Address"] = "127.0.0.1", ["Network:Switches:0:Community"] = "public",
            ["Network:Servers:0:Name"] = "far", ["Network:Servers:0:Address"] = "203.0.113.7", ["Network:Servers:0:Reachability"] = "Arp",
        }).Build();
        using var sp = new ServiceCollection().AddLogging().AddCollectors(config).BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<NetworkOptions>>().Value);
        Assert.Contains("Network:Servers:0:Reachability Arp needs 203.0.113.7 on a network directly attached to this host", e.Message, StringComparison.Ordinal);
        Assert.Contains("use Icmp or Tcp for a routed host", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hover_card_and_detail_name_the_interface_of_an_arp_check()
    {
        var stats = new ReachabilityWindow(TimeSpan.FromMinutes(5)).Add(ReachabilityMethod.Arp, DateTimeOffset.UnixEpoch, 0.05, 22);
        Assert.Null(stats.Port);
        Assert.Equal("arp:eth1", TopologyElements.CheckName(stats with { Interface = "eth1" }));
        // Its address gone from every interface: the check stays named, without one.
        Assert.Equal("arp:–", TopologyElements.CheckName(stats));
    }
}
