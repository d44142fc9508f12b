using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Detector;

/// <summary>The channel area read-only: what the pages see of <see cref="ChannelArea"/>.</summary>
public interface IChannelView
{
    RateCodec[] Codecs { get; }
    long HistoryBytes { get; }
    DetectorGeometry Geometry { get; }
    FreshnessPolicy Policy { get; }
    DetectorLimitsOptions Limits { get; }
    DetectorSummary Summary { get; }
    SourceStamp? Stamp { get; }
    void CopyTo(Span<float> rates, Span<long> updatedTicks, Span<ChannelStatus> status);
    void CopyStatus(Span<ChannelStatus> status);
    (float Rate, DateTimeOffset? UpdatedAt, ChannelStatus Status) Read(int index);
    (long Frame, SourceStamp? Stamp, RateCodec[] Codecs) CopyFrame(Span<byte> codes, Span<byte> flags);
    ChannelDetail Detail(int index);
    IReadOnlyList<int> FlappingIndices(int max = 1000);
    IReadOnlyList<int> IndicesWithStatus(ChannelStatus wanted, int max = 1000);
}
