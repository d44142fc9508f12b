namespace OnlineConsole.Core.Network;

/// <summary>How a server's reachability is checked.</summary>
public enum ReachabilityMethod
{
    /// <summary>ICMP echo (ping): the usual check, with round-trip time.</summary>
    Icmp,

    /// <summary>TCP connect to a port, for hosts that drop ICMP: any answer, a refusal included, means up.</summary>
    Tcp,

    /// <summary>
    /// ARP request (who-has) on the interface whose directly attached network holds the address: answered even by
    /// hosts that drop ICMP and TCP, and no IP routing involved.
    /// </summary>
    Arp,
}
