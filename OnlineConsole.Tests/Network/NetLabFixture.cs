using Xunit;

namespace OnlineConsole.Tests.Network;

/// <summary>
/// The project's network lab (tests-lab/netlab.sh): switches sw1, sw2 (Linux bridges with snmpd + lldpd over
/// AgentX), servers srv1..srv4 (lldpd). Uses its own prefix and 10.79.0.0/16 so it cannot meet a lab someone else
/// has up.
/// </summary>
public sealed class NetLabFixture() : NamespaceLab(LabPrefix, LabNet, "pair")
{
    public const string LabPrefix = "ocnt";
    public const string LabNet = "10.79";
    public const string Community = "public";

    /// <summary>Management address of switch n (1-based), reachable from the root namespace.</summary>
    public static string SwitchAddress(int n) => $"{LabNet}.{n}.2";

    /// <summary>Every cable of the lab, each once.</summary>
    public static IReadOnlySet<string> ExpectedLinks { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Key("sw1", "swp1", "srv1", "eth0"), Key("sw1", "swp2", "srv2", "eth0"),
        Key("sw2", "swp1", "srv3", "eth0"), Key("sw2", "swp2", "srv4", "eth0"),
        Key("sw1", "swp48", "sw2", "swp48"),
    };

    /// <summary>A cable's ends in a fixed order, so either direction gives the same key.</summary>
    public static string Key(string a, string pa, string b, string pb) =>
        string.CompareOrdinal(a + ":" + pa, b + ":" + pb) < 0 ? $"{a}:{pa}-{b}:{pb}" : $"{b}:{pb}-{a}:{pa}";
}

[CollectionDefinition("netlab")]
public sealed class NetLabGroup : ICollectionFixture<NetLabFixture>;
