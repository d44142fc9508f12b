using OnlineConsole.Core.Detector;

namespace OnlineConsole.Detector;

/// <summary>
/// Encodes the live channel state into binary frames once per store frame, shared by every open page: each
/// circuit sends the delta when it holds the frame the delta is based on, else the full frame.
/// </summary>
public sealed class DcrFrameSource(Core.Live.LiveStore store, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly DcrFrameCodec _codec = new();
    private readonly byte[] _codes = new byte[store.Channels.Geometry.Count];
    private readonly byte[] _flags = new byte[store.Channels.Geometry.Count];
    private EncodedFrame? _current;
    private RateCodec[]? _encodedWith;

    /// <summary>One frame: full, and a delta on <paramref name="BaseSequence"/> if any; codes are written in <paramref name="Codecs"/>.</summary>
    public sealed record EncodedFrame(uint Sequence, byte[] Full, byte[]? Delta, uint BaseSequence, RateCodec[] Codecs);

    public EncodedFrame Current()
    {
        lock (_gate)
        {
            var frame = store.Channels.Summary.Frame;
            if (_current is { } c && c.Sequence == (uint)frame) return c;
            var (storeFrame, stamp, codecs) = store.Channels.CopyFrame(_codes, _flags);
            // Codes in a new scale are no delta of codes in the old one: the first frame after a rescale is full only.
            if (!ReferenceEquals(codecs, _encodedWith)) _codec.Reset();
            _encodedWith = codecs;
            var sourceMs = stamp is { } s ? s.UpdatedAt.ToUnixTimeMilliseconds() : double.NaN;
            var (full, delta, baseSeq) = _codec.Encode(_codes, _flags, (uint)storeFrame, sourceMs, time.GetUtcNow().ToUnixTimeMilliseconds());
            _current = new EncodedFrame((uint)storeFrame, full, delta, baseSeq, codecs);
            return _current;
        }
    }
}
