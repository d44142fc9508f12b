namespace OnlineConsole.Core.Network;

/// <summary>The whole network at one instant, replaced as a unit by its source.</summary>
public sealed record NetworkSnapshot(IReadOnlyList<NetworkDevice> Devices, IReadOnlyList<NetworkLink> Links)
{
    public static NetworkSnapshot Empty { get; } = new([], []);

    /// <summary>What an alarm system should raise (see <see cref="NetworkAlarms"/>); empty when no source set it.</summary>
    public IReadOnlyList<NetworkAlarmCandidate> Alarms { get; init; } = [];

    /// <summary>The thresholds the alarms were evaluated with; the views colour ports and links by the same.</summary>
    public NetworkAlarmThresholds Thresholds { get; init; } = NetworkAlarmThresholds.Default;

    /// <summary>
    /// Cables down, each once: the two ends of a link (an admin-down port and its peer, a switch port and the server
    /// NIC that mirrors it) are one cable; a down port without a known link counts alone.
    /// </summary>
    public int PortsDown
    {
        get
        {
            var linkOf = new Dictionary<(string, string), int>();
            for (var i = 0; i < Links.Count; i++)
            {
                linkOf.TryAdd((Links[i].DeviceA, Links[i].PortA), i);
                linkOf.TryAdd((Links[i].DeviceB, Links[i].PortB), i);
            }
            var counted = new HashSet<int>();
            var down = 0;
            foreach (var d in Devices)
                foreach (var p in d.Ports)
                    if (p.State == LinkState.Down && (!linkOf.TryGetValue((d.Name, p.Name), out var link) || counted.Add(link))) down++;
            return down;
        }
    }
    public int Unreachable => Devices.Count(d => !d.Reachable);
}
