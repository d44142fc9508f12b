using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;

namespace OnlineConsole.Collectors.Network;

/// <summary>An Ethernet interface of this host with one IPv4 network directly attached to it.</summary>
public sealed record ArpInterface(string Name, int Index, PhysicalAddress Mac, IPAddress Address, int PrefixLength)
{
    public bool Contains(IPAddress target) => Mask(target) == Mask(Address);

    public override string ToString() => $"{Name} {Address}/{PrefixLength}";

    private uint Mask(IPAddress address) =>
        BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes()) & (PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength));

    /// <summary>
    /// This host's IPv4 networks on interfaces with an Ethernet address (no loopback, tunnels or ifb), whatever
    /// their state: an interface whose cable is out still owns its network, and its hosts then count as lost.
    /// </summary>
    public static IReadOnlyList<ArpInterface> All()
    {
        var list = new List<ArpInterface>();
        foreach (var ni in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (ni.NetworkInterfaceType == NetworkInterfaceType.Loopback) continue;
            var mac = ni.GetPhysicalAddress();
            if (mac.GetAddressBytes() is not { Length: 6 } b || b.All(x => x == 0)) continue;
            var properties = ni.GetIPProperties();
            foreach (var a in properties.UnicastAddresses)
            {
                if (a.Address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) continue;
                list.Add(new ArpInterface(ni.Name, properties.GetIPv4Properties().Index, mac, a.Address, a.PrefixLength));
            }
        }
        return list;
    }

    /// <summary>The interface whose directly attached network holds <paramref name="target"/> (the longest prefix), or null.</summary>
    public static ArpInterface? For(IPAddress target, IReadOnlyList<ArpInterface> interfaces)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) return null;
        return interfaces.Where(i => i.Contains(target) && !i.Address.Equals(target)).MaxBy(i => i.PrefixLength);
    }
}
