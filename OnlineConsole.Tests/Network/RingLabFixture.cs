using Xunit;

namespace OnlineConsole.Tests.Network;

/// <summary>
/// The ring lab (tests-lab/netlab.sh with LAB_TOPOLOGY=ring): switches sw1, sw2, sw3 in a ring (STP on), servers
/// srv1..srv4 single-homed and srv5 dual-homed (eth0 to sw2:swp3, eth1 to sw3:swp1); every server also has a
/// management veth from the root namespace. Own prefix and 10.83.0.0/16, apart from the pair lab and bench/.
/// </summary>
public sealed class RingLabFixture() : NamespaceLab(LabPrefix, LabNet, "ring")
{
    public const string LabPrefix = "ocrg";
    public const string LabNet = "10.83";

    public static string SwitchAddress(int n) => $"{LabNet}.{n}.2";

    /// <summary>Management address of server n (1-based), reachable from the root namespace.</summary>
    public static string ServerAddress(int n) => $"{LabNet}.{10 + n}.2";

    public static IReadOnlySet<string> ExpectedLinks { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        NetLabFixture.Key("sw1", "swp1", "srv1", "eth0"), NetLabFixture.Key("sw1", "swp2", "srv2", "eth0"),
        NetLabFixture.Key("sw2", "swp1", "srv3", "eth0"), NetLabFixture.Key("sw2", "swp2", "srv4", "eth0"),
        NetLabFixture.Key("sw2", "swp3", "srv5", "eth0"), NetLabFixture.Key("sw3", "swp1", "srv5", "eth1"),
        NetLabFixture.Key("sw1", "swp48", "sw2", "swp47"), NetLabFixture.Key("sw2", "swp48", "sw3", "swp47"),
        NetLabFixture.Key("sw3", "swp48", "sw1", "swp47"),
    };
}

[CollectionDefinition("ringlab")]
public sealed class RingLabGroup : ICollectionFixture<RingLabFixture>;
