using System.Net;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

public sealed class NetworkServerOptions
{
    public string Name { get; set; } = "";
    public string Address { get; set; } = "";

    /// <summary>
    /// Icmp (echo, the default), Tcp (connect to <see cref="ReachabilityPort"/>, for hosts that drop ICMP) or Arp
    /// (who-has on the interface whose directly attached network holds <see cref="Address"/>).
    /// </summary>
    public ReachabilityMethod Reachability { get; set; } = ReachabilityMethod.Icmp;

    public int ReachabilityPort { get; set; } = 22;
    public string? Rack { get; set; }

    /// <summary>The server's SNMP agent, when it has one: CPU, memory and uptime are then read from HOST-RESOURCES-MIB.</summary>
    public SnmpAgentOptions? Snmp { get; set; }
}
