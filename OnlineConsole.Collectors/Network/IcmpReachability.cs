using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;

namespace OnlineConsole.Collectors.Network;

/// <summary>
/// Reachability by ICMP echo. .NET sends it over a raw socket when the process may (root or CAP_NET_RAW), else over
/// an unprivileged ICMP socket (net.ipv4.ping_group_range); with neither it throws <see cref="PingException"/>.
/// </summary>
public static class IcmpReachability
{
    // 32 bytes, as ping(8) sends by default less its timestamp.
    private static readonly byte[] Payload = new byte[32];

    /// <summary>The round trip, or null when no echo reply came within <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan?> ProbeAsync(IPAddress address, TimeSpan timeout, CancellationToken ct)
    {
        using var ping = new Ping();
        var started = Stopwatch.GetTimestamp();
        var reply = await ping.SendPingAsync(address, timeout, Payload, null, ct);
        // Measured here: the reply's RoundtripTime is whole milliseconds, 0 on a local network.
        return reply.Status == IPStatus.Success ? Stopwatch.GetElapsedTime(started) : null;
    }
}
