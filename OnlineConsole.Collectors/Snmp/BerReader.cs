using static System.FormattableString;

namespace OnlineConsole.Collectors.Snmp;

/// <summary>
/// BER decoder over a span. Every length is checked against the bytes actually present before anything is sliced
/// or allocated, and every failure is a <see cref="SnmpDecodeException"/>. Nesting depth is bounded by the callers,
/// which follow the fixed SNMP message structure rather than recursing on input.
/// </summary>
internal ref struct BerReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private int _position;

    public BerReader(ReadOnlySpan<byte> data, int baseOffset = 0)
    {
        _data = data;
        _baseOffset = baseOffset;
    }

    public readonly bool HasData => _position < _data.Length;

    public readonly byte PeekTag() => HasData ? _data[_position] : throw Fail("unexpected end of data");

    /// <summary>Reads one element and returns its content; <paramref name="contentOffset"/> is relative to the outermost buffer.</summary>
    public ReadOnlySpan<byte> ReadElement(out byte tag, out int contentOffset)
    {
        tag = PeekTag();
        if ((tag & 0x1F) == 0x1F)
        {
            throw Fail("multi-byte tags are not used by SNMP");
        }
        int position = _position + 1;
        if (position >= _data.Length)
        {
            throw Fail("truncated length");
        }
        int first = _data[position++];
        long length;
        if (first < 0x80)
        {
            length = first;
        }
        else
        {
            int count = first & 0x7F;
            if (count == 0)
            {
                throw Fail("indefinite lengths are not allowed in SNMP");
            }
            if (count > 4 || position + count > _data.Length)
            {
                throw Fail("bad length field");
            }
            length = 0;
            for (int i = 0; i < count; i++)
            {
                length = (length << 8) | _data[position++];
            }
        }
        if (length > _data.Length - position)
        {
            throw Fail(Invariant($"length {length} runs past the end of the data"));
        }
        contentOffset = _baseOffset + position;
        _position = position + (int)length;
        return _data.Slice(position, (int)length);
    }

    public ReadOnlySpan<byte> ReadExpected(byte tag, string what)
    {
        var content = ReadElement(out byte actual, out _);
        return actual == tag ? content : throw Fail(Invariant($"expected {what} (tag 0x{tag:X2}), found tag 0x{actual:X2}"));
    }

    /// <summary>A reader over the content of the next element, which must carry <paramref name="tag"/>.</summary>
    public BerReader ReadNested(byte tag, string what)
    {
        var content = ReadElement(out byte actual, out int offset);
        return actual == tag
            ? new BerReader(content, offset)
            : throw Fail(Invariant($"expected {what} (tag 0x{tag:X2}), found tag 0x{actual:X2}"));
    }

    public int ReadInt32(string what) => DecodeInt32(ReadExpected(BerTag.Integer, what));

    /// <summary>An INTEGER that the protocol restricts to 0..2^31-1 (message ids, engine boots and time, sizes).</summary>
    public int ReadNonNegativeInt32(string what)
    {
        int value = ReadInt32(what);
        return value >= 0 ? value : throw Fail(what + " is negative");
    }

    public ReadOnlySpan<byte> ReadOctetString(string what) => ReadExpected(BerTag.OctetString, what);

    public ReadOnlySpan<byte> ReadOctetString(string what, out int contentOffset)
    {
        var content = ReadElement(out byte tag, out contentOffset);
        return tag == BerTag.OctetString ? content : throw Fail("expected " + what);
    }

    public Oid ReadOid() => DecodeOid(ReadExpected(BerTag.ObjectIdentifier, "OBJECT IDENTIFIER"));

    public SnmpValue ReadValue()
    {
        var content = ReadElement(out byte tag, out _);
        switch ((SnmpType)tag)
        {
            case SnmpType.Integer:
                return SnmpValue.Integer(DecodeInt32(content));
            case SnmpType.OctetString:
                return SnmpValue.OctetString(content);
            case SnmpType.ObjectIdentifier:
                return SnmpValue.ObjectIdentifier(DecodeOid(content));
            case SnmpType.IpAddress:
                return content.Length == 4 ? SnmpValue.IpAddress(content) : throw Fail("IpAddress is not 4 bytes");
            case SnmpType.Counter32:
                return SnmpValue.Counter32((uint)DecodeUnsigned(content, 4));
            case SnmpType.Gauge32:
                return SnmpValue.Gauge32((uint)DecodeUnsigned(content, 4));
            case SnmpType.TimeTicks:
                return SnmpValue.TimeTicks((uint)DecodeUnsigned(content, 4));
            case SnmpType.Opaque:
                return SnmpValue.Opaque(content);
            case SnmpType.Counter64:
                return SnmpValue.Counter64(DecodeUnsigned(content, 8));
            case SnmpType.Null or SnmpType.NoSuchObject or SnmpType.NoSuchInstance or SnmpType.EndOfMibView:
                if (!content.IsEmpty)
                {
                    throw Fail("NULL-like value with content");
                }
                return (SnmpType)tag switch
                {
                    SnmpType.Null => SnmpValue.Null,
                    SnmpType.NoSuchObject => SnmpValue.NoSuchObject,
                    SnmpType.NoSuchInstance => SnmpValue.NoSuchInstance,
                    _ => SnmpValue.EndOfMibView,
                };
            default:
                throw Fail(Invariant($"unsupported value tag 0x{tag:X2}"));
        }
    }

    public readonly void ExpectEnd(string what)
    {
        if (HasData)
        {
            throw Fail("trailing bytes after " + what);
        }
    }

    public static SnmpDecodeException Fail(string reason) => new("Malformed SNMP message: " + reason + ".");

    private static int DecodeInt32(ReadOnlySpan<byte> content)
    {
        if (content.Length is 0 or > 4)
        {
            throw Fail(Invariant($"INTEGER of {content.Length} bytes"));
        }
        int value = (sbyte)content[0];
        for (int i = 1; i < content.Length; i++)
        {
            value = (value << 8) | content[i];
        }
        return value;
    }

    // Accepts one leading zero byte beyond the width (the BER form of values with the top bit set), and also the
    // sign-less form some agents send for such values.
    private static ulong DecodeUnsigned(ReadOnlySpan<byte> content, int width)
    {
        if (content.Length == width + 1 && content[0] == 0)
        {
            content = content[1..];
        }
        if (content.Length == 0 || content.Length > width)
        {
            throw Fail(Invariant($"unsigned value of {content.Length} bytes for a {width * 8}-bit type"));
        }
        ulong value = 0;
        foreach (byte b in content)
        {
            value = (value << 8) | b;
        }
        return value;
    }

    private static Oid DecodeOid(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            throw Fail("empty OBJECT IDENTIFIER");
        }
        var arcs = new List<uint>(Math.Min(content.Length + 1, Oid.MaxLength));
        int i = 0;
        while (i < content.Length)
        {
            if (content[i] == 0x80)
            {
                throw Fail("sub-identifier with a leading zero group");
            }
            ulong value = 0;
            byte b;
            do
            {
                if (i == content.Length)
                {
                    throw Fail("truncated sub-identifier");
                }
                b = content[i++];
                value = (value << 7) | (uint)(b & 0x7F);
                if (value > uint.MaxValue)
                {
                    throw Fail("sub-identifier above 2^32-1");
                }
            }
            while ((b & 0x80) != 0);

            if (arcs.Count == 0)
            {
                // The first sub-identifier packs two arcs as 40 * X + Y.
                uint first = (uint)value;
                arcs.Add(first < 80 ? first / 40 : 2);
                arcs.Add(first < 80 ? first % 40 : first - 80);
            }
            else
            {
                arcs.Add((uint)value);
            }
            if (arcs.Count > Oid.MaxLength)
            {
                throw Fail("OBJECT IDENTIFIER longer than 128 sub-identifiers");
            }
        }
        return Oid.FromDecoded([.. arcs]);
    }
}
