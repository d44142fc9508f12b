using System.Buffers.Binary;
using System.IO.Compression;

namespace OnlineConsole.Core.Detector;

/// <summary>
/// The binary frame browsers receive for the DCR views. A 32-byte header, then a zlib body:
/// <code>
///  0 u8 0xDC | 1 u8 version 1 | 2 u8 kind | 3 u8 0 | 4 u32 sequence | 8 u32 base sequence (delta kinds)
/// 12 u32 channel count | 16 f64 source write time (Unix ms, NaN if none) | 24 f64 encode time (Unix ms)
/// body: Full: N codes | Dense: N (code - base code) mod 256 | Sparse: varint count, count x (varint gap, u8 code)
///       then exceptions: varint count, count x (varint gap, u8 flags) for every channel whose flags are not
///       plain "Ok" (status bits 0-2, 0x08 stale, 0x10 flapping).
/// </code>
/// Gaps: the first index is the gap itself, each next index is previous + 1 + gap. All little-endian.
/// Codes are <see cref="RateCodec"/> bytes; flags are exact, so dead/hot lists never depend on quantization.
/// Stateful: it remembers the previous frame's codes to encode deltas. Not thread-safe.
/// </summary>
public sealed class DcrFrameCodec
{
    public const byte Magic = 0xDC;
    public const byte Version = 1;
    public const int HeaderSize = 32;
    private const byte PlainOk = (byte)ChannelStatus.Ok;

    private byte[]? _previous;
    private uint _previousSequence;

    /// <summary>
    /// Encodes a frame: always a full frame, plus a delta against the previous call's frame when there was one
    /// with the same channel count (sparse when fewer than 1/8 of the channels changed, dense otherwise).
    /// </summary>
    public (byte[] Full, byte[]? Delta, uint BaseSequence) Encode(ReadOnlySpan<byte> codes, ReadOnlySpan<byte> flags, uint sequence, double sourceUnixMs, double sentUnixMs)
    {
        if (codes.Length != flags.Length) throw new ArgumentException("codes and flags differ in length.", nameof(flags));
        var n = codes.Length;
        var exceptions = EncodeExceptions(flags);
        var full = Build(DcrFrameKind.Full, sequence, 0, n, sourceUnixMs, sentUnixMs, codes, exceptions);
        byte[]? delta = null;
        var baseSequence = _previousSequence;
        if (_previous is { } prev && prev.Length == n)
        {
            var changed = 0;
            for (var i = 0; i < n; i++) if (codes[i] != prev[i]) changed++;
            if (changed < n / 8)
            {
                var w = new VarintWriter(changed * 3 + 8);
                w.Varint(changed);
                var last = -1;
                for (var i = 0; i < n; i++)
                {
                    if (codes[i] == prev[i]) continue;
                    w.Varint(i - last - 1);
                    w.Byte(codes[i]);
                    last = i;
                }
                delta = Build(DcrFrameKind.Sparse, sequence, baseSequence, n, sourceUnixMs, sentUnixMs, w.Span, exceptions);
            }
            else
            {
                var diff = new byte[n];
                for (var i = 0; i < n; i++) diff[i] = unchecked((byte)(codes[i] - prev[i]));
                delta = Build(DcrFrameKind.Dense, sequence, baseSequence, n, sourceUnixMs, sentUnixMs, diff, exceptions);
            }
        }
        _previous = codes.ToArray();
        _previousSequence = sequence;
        return (full, delta, baseSequence);
    }

    /// <summary>Forgets the previous frame, so the next <see cref="Encode"/> gives a full frame only (no delta).</summary>
    public void Reset() => _previous = null;

    private static byte[] EncodeExceptions(ReadOnlySpan<byte> flags)
    {
        var count = 0;
        foreach (var f in flags) if (f != PlainOk) count++;
        var w = new VarintWriter(count * 2 + 8);
        w.Varint(count);
        var last = -1;
        for (var i = 0; i < flags.Length; i++)
        {
            if (flags[i] == PlainOk) continue;
            w.Varint(i - last - 1);
            w.Byte(flags[i]);
            last = i;
        }
        return w.Span.ToArray();
    }

    private static byte[] Build(DcrFrameKind kind, uint sequence, uint baseSequence, int count, double sourceMs, double sentMs, ReadOnlySpan<byte> codes, ReadOnlySpan<byte> exceptions)
    {
        using var ms = new MemoryStream(HeaderSize + (codes.Length / 2) + 64);
        Span<byte> h = stackalloc byte[HeaderSize];
        h.Clear();
        h[0] = Magic;
        h[1] = Version;
        h[2] = (byte)kind;
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], baseSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], (uint)count);
        BinaryPrimitives.WriteDoubleLittleEndian(h[16..], sourceMs);
        BinaryPrimitives.WriteDoubleLittleEndian(h[24..], sentMs);
        ms.Write(h);
        // Fastest: the frame is encoded once a second for all browsers; ratio differs little from Optimal here.
        using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(codes);
            z.Write(exceptions);
        }
        return ms.ToArray();
    }

    /// <summary>Decodes a frame; delta kinds need the base frame's codes.</summary>
    /// <exception cref="FormatException">The frame is malformed or does not fit <paramref name="baseCodes"/>.</exception>
    public static DcrFrame Decode(ReadOnlySpan<byte> data, byte[]? baseCodes)
    {
        if (data.Length < HeaderSize || data[0] != Magic || data[1] != Version) throw new FormatException("Not a DCR frame (magic or version).");
        var kind = (DcrFrameKind)data[2];
        var sequence = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        var baseSequence = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        var n = (int)BinaryPrimitives.ReadUInt32LittleEndian(data[12..]);
        var sourceMs = BinaryPrimitives.ReadDoubleLittleEndian(data[16..]);
        var sentMs = BinaryPrimitives.ReadDoubleLittleEndian(data[24..]);
        byte[] body;
        using (var input = new MemoryStream(data[HeaderSize..].ToArray()))
        using (var z = new ZLibStream(input, CompressionMode.Decompress))
        using (var output = new MemoryStream())
        {
            z.CopyTo(output);
            body = output.ToArray();
        }
        var pos = 0;
        byte[] codes;
        switch (kind)
        {
            case DcrFrameKind.Full:
                if (body.Length < n) throw new FormatException("Full frame body too short.");
                codes = body[..n];
                pos = n;
                break;
            case DcrFrameKind.Dense:
                if (baseCodes is null || baseCodes.Length != n) throw new FormatException("Dense delta without a matching base frame.");
                if (body.Length < n) throw new FormatException("Dense frame body too short.");
                codes = new byte[n];
                for (var i = 0; i < n; i++) codes[i] = unchecked((byte)(baseCodes[i] + body[i]));
                pos = n;
                break;
            case DcrFrameKind.Sparse:
            {
                if (baseCodes is null || baseCodes.Length != n) throw new FormatException("Sparse delta without a matching base frame.");
                codes = (byte[])baseCodes.Clone();
                var count = ReadVarint(body, ref pos);
                var index = -1;
                for (var k = 0; k < count; k++)
                {
                    index += 1 + ReadVarint(body, ref pos);
                    if (index >= n || pos >= body.Length) throw new FormatException("Sparse entry out of range.");
                    codes[index] = body[pos++];
                }
                break;
            }
            default:
                throw new FormatException($"Unknown frame kind {(byte)kind}.");
        }
        var exceptions = new Dictionary<int, byte>();
        var exCount = ReadVarint(body, ref pos);
        var at = -1;
        for (var k = 0; k < exCount; k++)
        {
            at += 1 + ReadVarint(body, ref pos);
            if (at >= n || pos >= body.Length) throw new FormatException("Exception entry out of range.");
            exceptions[at] = body[pos++];
        }
        return new DcrFrame(kind, sequence, baseSequence, sourceMs, sentMs, codes, exceptions);
    }

    private static int ReadVarint(byte[] body, ref int pos)
    {
        var result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (pos >= body.Length) throw new FormatException("Truncated varint.");
            var b = body[pos++];
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new FormatException("Varint too long.");
    }

    private sealed class VarintWriter(int capacity)
    {
        private byte[] _buffer = new byte[Math.Max(16, capacity)];
        private int _length;

        public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

        public void Byte(byte b)
        {
            if (_length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            _buffer[_length++] = b;
        }

        public void Varint(int value)
        {
            var v = (uint)value;
            while (v >= 0x80)
            {
                Byte((byte)(v | 0x80));
                v >>= 7;
            }
            Byte((byte)v);
        }
    }
}
