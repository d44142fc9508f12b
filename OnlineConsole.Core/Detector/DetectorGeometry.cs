namespace OnlineConsole.Core.Detector;

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
