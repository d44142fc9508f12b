using System.Net;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Security;

/// <summary>
/// The reverse proxies in front of the console (section "Gateway", e.g. the TLS gateway): only requests from these
/// addresses have their X-Forwarded-For / -Proto / -Host believed, so the audit records the browser's address and
/// the console knows the browser spoke HTTPS (Secure cookies, HSTS). Empty: no forwarded header is believed.
/// </summary>
public sealed class GatewayOptions : IValidatableOptions
{
    public const string Section = "Gateway";

    /// <summary>Proxy addresses (e.g. 10.0.0.5).</summary>
    public List<string> Proxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation (e.g. 10.42.0.0/16 for a Kubernetes pod network).</summary>
    public List<string> Networks { get; set; } = [];

    /// <summary>Proxies in a chain that may each add an address; 1 for a single gateway.</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool Enabled => Proxies.Count > 0 || Networks.Count > 0;

    public IEnumerable<string> Validate()
    {
        foreach (var p in Proxies)
            if (!IPAddress.TryParse(p, out _)) yield return $"{Section}:Proxies: '{p}' is not an IP address.";
        foreach (var n in Networks)
            if (!IPNetwork.TryParse(n, out _)) yield return $"{Section}:Networks: '{n}' is not a network in CIDR notation (e.g. 10.42.0.0/16).";
        if (ForwardLimit is < 1 or > 10) yield return $"{Section}:ForwardLimit must be between 1 and 10.";
    }
}
