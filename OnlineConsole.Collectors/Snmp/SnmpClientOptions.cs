using System.Net;

namespace OnlineConsole.Collectors.Snmp;

public sealed class SnmpClientOptions
{
    /// <summary>How long to wait for a response before sending the request again.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Resends after the first attempt; a request takes at most (Retries + 1) * Timeout.</summary>
    public int Retries { get; init; } = 1;

    /// <summary>max-repetitions of the GETBULK requests a walk sends.</summary>
    public int MaxRepetitions { get; init; } = 20;

    /// <summary>Where the client's single UDP socket binds; an IPv6 address gives a dual-mode socket.</summary>
    public IPEndPoint LocalEndPoint { get; init; } = new(IPAddress.Any, 0);
}
