namespace OnlineConsole.Collectors.Syslog;

/// <summary>
/// Splits a syslog TCP stream into messages (RFC 6587): a frame starting with a digit is octet-counted ("LEN SP
/// MSG"), any other is terminated by LF (or NUL). A frame over the limit is reported once as oversized with its
/// first bytes, and skipped to its end, so a bad sender cannot make the reader hold more than the limit.
/// </summary>
public sealed class SyslogFrameReader(int maxMessage)
{
    private readonly byte[] _buffer = new byte[maxMessage + 16];
    private int _length;
    private long _skip;          // bytes of an oversized octet-counted frame still to drop
    private bool _skipLine;      // dropping an oversized LF-terminated frame up to its LF

    /// <summary>Bytes held of an unfinished frame.</summary>
    public int Pending => _length + (int)Math.Min(_skip, int.MaxValue);

    /// <summary>A message, or with <see cref="Error"/> set the first bytes of a frame that was refused.</summary>
    public readonly record struct Frame(byte[] Payload, string? Error);

    public List<Frame> Feed(ReadOnlySpan<byte> data)
    {
        var frames = new List<Frame>();
        while (data.Length > 0)
        {
            if (_skip > 0)
            {
                var n = (int)Math.Min(_skip, data.Length);
                _skip -= n;
                data = data[n..];
                continue;
            }
            if (_skipLine)
            {
                var lf = data.IndexOfAny((byte)'\n', (byte)0);
                if (lf < 0) return frames;
                _skipLine = false;
                data = data[(lf + 1)..];
                continue;
            }
            var room = _buffer.Length - _length;
            var take = Math.Min(room, data.Length);
            data[..take].CopyTo(_buffer.AsSpan(_length));
            _length += take;
            data = data[take..];
            Extract(frames);
        }
        return frames;
    }

    private void Extract(List<Frame> frames)
    {
        while (_length > 0)
        {
            var span = _buffer.AsSpan(0, _length);
            if (span[0] is (byte)'\n' or (byte)'\r' or 0 or (byte)' ')
            {
                Consume(1);
                continue;
            }
            if (span[0] is >= (byte)'1' and <= (byte)'9')
            {
                var sp = span.IndexOf((byte)' ');
                if (sp < 0)
                {
                    if (_length > 10) { Refused(frames, span, "an octet count longer than 9 digits"); _length = 0; _skipLine = true; }
                    return;
                }
                if (sp > 9 || !long.TryParse(span[..sp], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var len))
                {
                    Refused(frames, span, "an octet count that is not a number");
                    Consume(sp + 1);
                    continue;
                }
                if (len > maxMessage)
                {
                    var have = _length - (sp + 1);
                    Refused(frames, span[(sp + 1)..], $"a frame of {len} bytes, more than Syslog:MaxMessageBytes ({maxMessage})");
                    _skip = len - Math.Min(len, have);
                    Consume((int)Math.Min(_length, sp + 1 + len));
                    continue;
                }
                if (_length < sp + 1 + len) return;
                frames.Add(new Frame(span.Slice(sp + 1, (int)len).ToArray(), null));
                Consume(sp + 1 + (int)len);
                continue;
            }
            var end = span.IndexOfAny((byte)'\n', (byte)0);
            if (end < 0)
            {
                if (_length > maxMessage)
                {
                    Refused(frames, span, $"a line longer than Syslog:MaxMessageBytes ({maxMessage})");
                    _length = 0;
                    _skipLine = true;
                }
                return;
            }
            frames.Add(new Frame(span[..end].ToArray(), null));
            Consume(end + 1);
        }
    }

    private static void Refused(List<Frame> frames, ReadOnlySpan<byte> head, string error) =>
        frames.Add(new Frame(head[..Math.Min(head.Length, 120)].ToArray(), error));

    private void Consume(int n)
    {
        _buffer.AsSpan(n, _length - n).CopyTo(_buffer);
        _length -= n;
    }
}
