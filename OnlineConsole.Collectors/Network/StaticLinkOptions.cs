using System.Net;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

public sealed class StaticLinkOptions
{
    public string DeviceA { get; set; } = "";
    public string PortA { get; set; } = "";
    public string DeviceB { get; set; } = "";
    public string PortB { get; set; } = "";
}
