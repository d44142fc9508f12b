namespace OnlineConsole.Core.Detector;

/// <summary>Everything the console knows about one channel, for its detail panel.</summary>
/// <param name="Seconds">Last hour at 1 s as <see cref="RateCodec"/> codes, oldest first, ending at <paramref name="LastSecond"/>.</param>
/// <param name="Minutes">Last 24 h at 1 min as codes, oldest first, ending with the minute before <paramref name="LastSecond"/>'s.</param>
public sealed record ChannelDetail(int Index, ChannelInfo Info, float Rate, DateTimeOffset? UpdatedAt, ChannelStatus Status, bool Stale,
    bool Flapping, float RecentMedian, double Deviation, RateCodec Codec, byte[] Seconds, byte[] Minutes, long? LastSecond);
