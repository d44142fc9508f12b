namespace OnlineConsole.Core.Detector;

/// <summary>PMT families; each has its own dark-count baseline, colour scale and limits.</summary>
public enum PmtType : byte
{
    /// <summary>20-inch Hamamatsu dynode PMT (LPMT).</summary>
    Dynode,
    /// <summary>20-inch NNVT MCP-PMT (LPMT).</summary>
    Mcp,
    /// <summary>3-inch PMT (SPMT).</summary>
    Small,
}

public static class PmtTypes
{
    public static bool IsLarge(this PmtType t) => t != PmtType.Small;

    public static string Code(this PmtType t) => t switch
    {
        PmtType.Dynode => "HPK",
        PmtType.Mcp => "NNVT",
        _ => "SPMT",
    };

    public static bool TryParse(string code, out PmtType type)
    {
        switch (code.Trim().ToUpperInvariant())
        {
            case "HPK" or "DYNODE": type = PmtType.Dynode; return true;
            case "NNVT" or "MCP": type = PmtType.Mcp; return true;
            case "SPMT" or "SMALL": type = PmtType.Small; return true;
            default: type = default; return false;
        }
    }
}

/// <summary>One readout channel and where it sits.</summary>
public readonly record struct ChannelInfo(int Id, PmtType Type, int Gcu, int GcuChannel, float X, float Y, float Z)
{
    /// <summary>Polar angle from +z, degrees.</summary>
    public double ThetaDeg => Math.Acos(Math.Clamp(Z / Radius, -1, 1)) * 180 / Math.PI;

    /// <summary>Azimuth, degrees in [0, 360).</summary>
    public double PhiDeg
    {
        get
        {
            var p = Math.Atan2(Y, X) * 180 / Math.PI;
            return p < 0 ? p + 360 : p;
        }
    }

    public float Radius => MathF.Sqrt((X * X) + (Y * Y) + (Z * Z));
}

/// <summary>
/// Every channel of the detector, densely indexed: large PMTs first, then small PMTs. Live arrays in the store
/// use the same index.
/// </summary>
public sealed class DetectorGeometry
{
    private readonly Dictionary<int, int> _indexById;

    public DetectorGeometry(IReadOnlyList<ChannelInfo> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        Channels = [.. channels.OrderBy(c => c.Type.IsLarge() ? 0 : 1).ThenBy(c => c.Id)];
        _indexById = new Dictionary<int, int>(Channels.Length);
        for (var i = 0; i < Channels.Length; i++)
        {
            if (!_indexById.TryAdd(Channels[i].Id, i))
                throw new ArgumentException($"Duplicate channel id {Channels[i].Id}.", nameof(channels));
        }
        CountByType = new int[3];
        foreach (var c in Channels) CountByType[(int)c.Type]++;
        LargeCount = CountByType[(int)PmtType.Dynode] + CountByType[(int)PmtType.Mcp];
    }

    public ChannelInfo[] Channels { get; }

    public int Count => Channels.Length;

    /// <summary>Large PMTs occupy indices [0, LargeCount).</summary>
    public int LargeCount { get; }

    public int[] CountByType { get; }

    public bool TryGetIndex(int channelId, out int index) => _indexById.TryGetValue(channelId, out index);
}
