namespace OnlineConsole.Collectors.Network;

/// <summary>What one received frame is to a probe of one target.</summary>
public enum ArpFrame
{
    /// <summary>Not an ARP reply to this host: other traffic on the segment.</summary>
    Other,

    /// <summary>A request this host sent (the probe's own, or the kernel's): its target is remembered.</summary>
    Asked,

    /// <summary>The reply from the target.</summary>
    Answer,

    /// <summary>A reply to this host from another address.</summary>
    OtherSender,

    /// <summary>Sent to this host but truncated or not IPv4-over-Ethernet ARP.</summary>
    Malformed,
}
