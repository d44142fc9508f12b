namespace OnlineConsole.Core.Network;

/// <summary>A link between two devices' ports.</summary>
public sealed record NetworkLink(string DeviceA, string PortA, string DeviceB, string PortB)
{
    /// <summary>From configuration rather than LLDP.</summary>
    public bool Static { get; init; }

    /// <summary>When LLDP last reported this link; null for static links and sources without discovery.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Remembered from an earlier discovery but not reported by the latest one (until Network:ForgetLinksAfter).</summary>
    public bool Unseen { get; init; }
}
