using System.Net;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

public sealed class NetworkSwitchOptions : SnmpAgentOptions
{
    public string Name { get; set; } = "";
    public string Address { get; set; } = "";

    public DeviceRole Role { get; set; } = DeviceRole.EdgeSwitch;
    public string? Rack { get; set; }

    public IEnumerable<string> Validate(string at)
    {
        if (string.IsNullOrWhiteSpace(Name)) yield return $"{at}:Name is required.";
        if (!IPAddress.TryParse(Address, out _)) yield return $"{at}:Address must be an IP address (is '{Address}').";
        if (Role == DeviceRole.Server) yield return $"{at}:Role must be CoreSwitch or EdgeSwitch.";
        foreach (var e in ValidateAgent(at)) yield return e;
    }
}
