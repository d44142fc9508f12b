using System.Globalization;
using System.Net;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

/// <summary>
/// SNMP switch monitoring (section "Network"). Every configured switch is polled and is a seed of LLDP discovery;
/// neighbours whose LLDP management address lies in <see cref="DiscoverNetworks"/> are polled too, with the
/// credentials of the switch that saw them. No other address is ever contacted.
/// </summary>
public sealed class NetworkOptions : IValidatableOptions
{
    public const string Section = "Network";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
    public int Retries { get; set; } = 1;

    /// <summary>Agents polled at the same time.</summary>
    public int Parallelism { get; set; } = 16;

    /// <summary>Most switches discovery may add, so a mis-set range cannot grow without bound.</summary>
    public int MaxSwitches { get; set; } = 500;

    public List<NetworkSwitchOptions> Switches { get; set; } = [];

    /// <summary>CIDR ranges (e.g. "10.77.0.0/16") where discovered switches may be polled; empty: no recursion.</summary>
    public List<string> DiscoverNetworks { get; set; } = [];

    /// <summary>Links of devices without LLDP.</summary>
    public List<StaticLinkOptions> StaticLinks { get; set; } = [];

    /// <summary>Servers probed for reachability (ICMP echo, TCP connect for hosts that drop ICMP, or ARP on a directly attached network).</summary>
    public List<NetworkServerOptions> Servers { get; set; } = [];

    /// <summary>Round trip and loss of the reachability probes are figured over this much of the recent past.</summary>
    public TimeSpan ReachabilityWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A link LLDP reported once is remembered (a cable that goes down loses its LLDP neighbour too) but forgotten
    /// when not seen again for this long, so a re-cabled or removed device does not stay on the map for ever.
    /// </summary>
    public TimeSpan ForgetLinksAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// IANA ifTypes left out of a switch's ports (the grid, the tables, the counts and the alarms), comma-separated:
    /// softwareLoopback (24), propVirtual (53), tunnel (131), l2vlan (135), l3ipvlan (136), bridge (209). Empty:
    /// every type shown. One string rather than a list, so a setting replaces the default instead of adding to it.
    /// </summary>
    public string HiddenPortTypes { get; set; } = "24,53,131,135,136,209";

    /// <summary>
    /// Port names left out as well, comma-separated, * a wildcard: software interfaces an agent reports as Ethernet
    /// (Linux reports its bridges and management veths as ethernetCsmacd). Empty: none hidden by name.
    /// </summary>
    public string HiddenPorts { get; set; } = "lo,br*,mgmt*";

    public IReadOnlyList<string> ParsedHiddenPorts() =>
        HiddenPorts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<int> ParsedHiddenPortTypes() =>
        [.. HiddenPortTypes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)];

    public IReadOnlyList<IPNetwork> ParsedDiscoverNetworks() =>
        DiscoverNetworks.Select(n => IPNetwork.Parse(n)).ToList();

    public IEnumerable<string> Validate()
    {
        if (PollInterval < TimeSpan.FromSeconds(1) || PollInterval > TimeSpan.FromHours(1)) yield return $"{Section}:PollInterval must be between 00:00:01 and 01:00:00 (is {PollInterval}).";
        if (DiscoveryInterval < PollInterval) yield return $"{Section}:DiscoveryInterval must not be shorter than PollInterval.";
        if (Timeout <= TimeSpan.Zero || Timeout > PollInterval) yield return $"{Section}:Timeout must be positive and at most PollInterval.";
        if (Retries is < 0 or > 5) yield return $"{Section}:Retries must be between 0 and 5.";
        if (Parallelism is < 1 or > 256) yield return $"{Section}:Parallelism must be between 1 and 256.";
        if (MaxSwitches < 1) yield return $"{Section}:MaxSwitches must be positive.";
        if (ForgetLinksAfter < DiscoveryInterval || ForgetLinksAfter > TimeSpan.FromDays(7)) yield return $"{Section}:ForgetLinksAfter must be between DiscoveryInterval and 7.00:00:00 (is {ForgetLinksAfter}).";
        if (ReachabilityWindow < PollInterval || ReachabilityWindow > TimeSpan.FromHours(1)) yield return $"{Section}:ReachabilityWindow must be between PollInterval and 01:00:00 (is {ReachabilityWindow}).";
        if (Switches.Count == 0) yield return $"{Section}:Switches must list at least one switch.";
        for (var i = 0; i < Switches.Count; i++)
            foreach (var e in Switches[i].Validate($"{Section}:Switches:{i.ToString(CultureInfo.InvariantCulture)}")) yield return e;
        foreach (var dup in Switches.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            yield return $"{Section}:Switches: the name '{dup.Key}' is used twice.";
        foreach (var same in Switches.Where(s => IPAddress.TryParse(s.Address, out _)).GroupBy(s => new IPEndPoint(IPAddress.Parse(s.Address), s.Port)).Where(g => g.Count() > 1))
            yield return $"{Section}:Switches: '{string.Join("', '", same.Select(s => s.Name))}' are the same agent ({same.Key}); switches at one address need different ports.";
        foreach (var t in HiddenPortTypes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var type) || type is < 1 or > 100_000)
                yield return $"{Section}:HiddenPortTypes: '{t}' is not an IANA ifType (a positive number, e.g. 24 for softwareLoopback; comma-separated).";
        foreach (var n in ParsedHiddenPorts())
            if (n.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                yield return $"{Section}:HiddenPorts: '{n}' is not a port name (comma-separated names, * matches any characters).";
        foreach (var n in DiscoverNetworks)
            if (!IPNetwork.TryParse(n, out _)) yield return $"{Section}:DiscoverNetworks: '{n}' is not a CIDR range like 10.77.0.0/16.";
        for (var i = 0; i < StaticLinks.Count; i++)
        {
            var l = StaticLinks[i];
            if (string.IsNullOrWhiteSpace(l.DeviceA) || string.IsNullOrWhiteSpace(l.PortA) || string.IsNullOrWhiteSpace(l.DeviceB) || string.IsNullOrWhiteSpace(l.PortB))
                yield return $"{Section}:StaticLinks:{i.ToString(CultureInfo.InvariantCulture)} needs DeviceA, PortA, DeviceB and PortB.";
        }
        IReadOnlyList<ArpInterface>? interfaces = null;
        for (var i = 0; i < Servers.Count; i++)
        {
            var s = Servers[i];
            var at = $"{Section}:Servers:{i.ToString(CultureInfo.InvariantCulture)}";
            if (string.IsNullOrWhiteSpace(s.Name)) yield return $"{at}:Name is required.";
            if (!IPAddress.TryParse(s.Address, out _)) yield return $"{at}:Address must be an IP address (is '{s.Address}').";
            if (!Enum.IsDefined(s.Reachability)) yield return $"{at}:Reachability must be Icmp, Tcp or Arp.";
            if (s.Reachability == ReachabilityMethod.Arp && IPAddress.TryParse(s.Address, out var target))
                foreach (var e in ValidateArp(at, target, interfaces ??= ArpInterface.All())) yield return e;
            if (s.ReachabilityPort is < 1 or > 65535) yield return $"{at}:ReachabilityPort must be a TCP port (1-65535).";
            if (s.Snmp is { } agent)
                foreach (var e in agent.ValidateAgent(at + ":Snmp")) yield return e;
        }
    }

    /// <summary>ARP asks on a directly attached network only: a routed host would never answer, so it is refused here.</summary>
    internal static IEnumerable<string> ValidateArp(string at, IPAddress target, IReadOnlyList<ArpInterface> interfaces)
    {
        if (target.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            yield return $"{at}:Reachability Arp needs an IPv4 address (is {target}); use Icmp or Tcp.";
        else if (interfaces.Any(i => i.Address.Equals(target)))
            yield return $"{at}:Reachability Arp: {target} is an address of this host.";
        else if (interfaces.Count == 0)
            yield return $"{at}:Reachability Arp needs {target} on a network directly attached to this host, which has no Ethernet interface with IPv4; use Icmp or Tcp.";
        else if (ArpInterface.For(target, interfaces) is null)
            yield return $"{at}:Reachability Arp needs {target} on a network directly attached to this host, and it is on none of {string.Join(", ", interfaces)}; use Icmp or Tcp for a routed host.";
    }
}
