namespace OnlineConsole.Core.Network;

/// <summary>One switch port with rates derived from its counters.</summary>
public sealed record PortStatus(
    int Index,
    string Name,
    LinkState State,
    long SpeedBitsPerSecond,
    double InBitsPerSecond,
    double OutBitsPerSecond,
    double ErrorsPerSecond,
    double DiscardsPerSecond,
    string? Neighbour)
{
    /// <summary>ifAlias: the operator's description of the port.</summary>
    public string? Alias { get; init; }

    /// <summary>False when the port is administratively down: not a fault, so no alarm.</summary>
    public bool AdminUp { get; init; } = true;

    /// <summary>False on the first sample and after an agent restart: the rates are not known yet.</summary>
    public bool RatesKnown { get; init; } = true;

    public double InPacketsPerSecond { get; init; }
    public double OutPacketsPerSecond { get; init; }

    /// <summary>Port of the neighbour (from LLDP or static configuration), e.g. the server's NIC.</summary>
    public string? NeighbourPort { get; init; }

    public double Utilization => SpeedBitsPerSecond <= 0 ? 0 : Math.Max(InBitsPerSecond, OutBitsPerSecond) / SpeedBitsPerSecond;
}
