using System.Net;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

/// <summary>One neighbour seen on a local port.</summary>
public sealed record LldpNeighbour(string LocalPort, string RemoteName, string RemotePort, IPAddress? ManagementAddress, bool IsBridge);
