using System.Net;
using System.Text;

namespace OnlineConsole.Collectors.Snmp;

/// <summary>An agent and the credentials to use with it. ToString never shows a community or a key.</summary>
public abstract class SnmpTarget
{
    private protected SnmpTarget(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        EndPoint = Normalize(endPoint);
    }

    public IPEndPoint EndPoint { get; }

    // IPv4 peers reached through a dual-mode socket show up as ::ffff:a.b.c.d; compare them in their IPv4 form.
    internal static IPEndPoint Normalize(IPEndPoint endPoint) =>
        new(endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address, endPoint.Port);
}

public sealed class SnmpV2cTarget : SnmpTarget
{
    public SnmpV2cTarget(IPEndPoint endPoint, string community) : base(endPoint)
    {
        ArgumentNullException.ThrowIfNull(community);
        Community = Encoding.UTF8.GetBytes(community);
    }

    internal byte[] Community { get; }

    public override string ToString() => $"v2c {EndPoint}";
}

public sealed class SnmpV3Target : SnmpTarget
{
    public SnmpV3Target(IPEndPoint endPoint, UsmUser user) : base(endPoint)
    {
        ArgumentNullException.ThrowIfNull(user);
        User = user;
    }

    public UsmUser User { get; }

    public override string ToString() => $"v3 {User.Name}@{EndPoint}";
}
