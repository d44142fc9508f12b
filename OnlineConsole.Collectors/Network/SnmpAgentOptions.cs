using System.Net;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

/// <summary>How an SNMP agent is reached: UDP port, version and credentials (shared by switches and servers).</summary>
public class SnmpAgentOptions
{
    public int Port { get; set; } = 161;

    /// <summary>"2c" or "3".</summary>
    public string Version { get; set; } = "2c";
    public string? Community { get; set; }
    public string? User { get; set; }
    public SnmpAuthProtocol AuthProtocol { get; set; } = SnmpAuthProtocol.None;
    public string? AuthPassword { get; set; }
    public SnmpPrivProtocol PrivProtocol { get; set; } = SnmpPrivProtocol.None;
    public string? PrivPassword { get; set; }

    public IEnumerable<string> ValidateAgent(string at)
    {
        if (Port is < 1 or > 65535) yield return $"{at}:Port must be a UDP port (1-65535).";
        switch (Version)
        {
            case "2c":
                // The value itself is a secret: only its absence is reported.
                if (string.IsNullOrEmpty(Community)) yield return $"{at}:Community is required for SNMP v2c.";
                break;
            case "3":
                if (string.IsNullOrEmpty(User)) yield return $"{at}:User is required for SNMP v3.";
                if (AuthProtocol != SnmpAuthProtocol.None && string.IsNullOrEmpty(AuthPassword)) yield return $"{at}:AuthPassword is required with AuthProtocol {AuthProtocol}.";
                if (PrivProtocol != SnmpPrivProtocol.None && (AuthProtocol == SnmpAuthProtocol.None || string.IsNullOrEmpty(PrivPassword))) yield return $"{at}:PrivProtocol needs an AuthProtocol and a PrivPassword.";
                break;
            default:
                yield return $"{at}:Version must be \"2c\" or \"3\" (is '{Version}').";
                break;
        }
    }

    /// <summary>The SNMP target for <paramref name="address"/> with these credentials.</summary>
    public SnmpTarget Target(IPAddress address)
    {
        var endPoint = new IPEndPoint(address, Port);
        return Version == "3"
            ? new SnmpV3Target(endPoint, AuthProtocol == SnmpAuthProtocol.None ? new UsmUser(User!) : new UsmUser(User!, AuthProtocol, AuthPassword, PrivProtocol, PrivPassword))
            : new SnmpV2cTarget(endPoint, Community!);
    }
}
