using System.Buffers.Binary;

namespace OnlineConsole.Collectors.Snmp;

internal static class BerTag
{
    public const byte Integer = 0x02;
    public const byte OctetString = 0x04;
    public const byte Null = 0x05;
    public const byte ObjectIdentifier = 0x06;
    public const byte Sequence = 0x30;
}

/// <summary>
/// Forward BER encoder with definite, minimal lengths. A constructed element's length is inserted in front of its
/// content when it is closed, which keeps the calling code in reading order.
/// </summary>
internal sealed class BerWriter
{
    private byte[] _buffer = new byte[256];
    private int _length;

    /// <summary>Offset of the content marked by <see cref="MarkContent"/>, kept valid while enclosing elements close.</summary>
    public int MarkedOffset { get; private set; } = -1;

    public int BeginConstructed(byte tag)
    {
        WriteByte(tag);
        return _length;
    }

    public void EndConstructed(int contentStart)
    {
        int contentLength = _length - contentStart;
        int lengthSize = LengthSize(contentLength);
        Ensure(lengthSize);
        _buffer.AsSpan(contentStart, contentLength).CopyTo(_buffer.AsSpan(contentStart + lengthSize));
        WriteLength(_buffer.AsSpan(contentStart, lengthSize), contentLength);
        _length += lengthSize;
        if (MarkedOffset >= contentStart)
        {
            MarkedOffset += lengthSize;
        }
    }

    /// <summary>Remembers where the next element's content will start (used to patch the USM digest in place).</summary>
    public void MarkContent(int contentLength) => MarkedOffset = _length + 1 + LengthSize(contentLength);

    public void WriteInteger(long value, byte tag = BerTag.Integer)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        int start = 0;
        // Minimal two's complement: drop a leading byte while the next one still carries the sign.
        while (start < 7 && ((bytes[start] == 0x00 && bytes[start + 1] < 0x80) || (bytes[start] == 0xFF && bytes[start + 1] >= 0x80)))
        {
            start++;
        }
        WritePrimitive(tag, bytes[start..]);
    }

    public void WriteUnsigned(ulong value, byte tag)
    {
        Span<byte> bytes = stackalloc byte[9];
        BinaryPrimitives.WriteUInt64BigEndian(bytes[1..], value);
        int start = 1;
        while (start < 8 && bytes[start] == 0)
        {
            start++;
        }
        // A set top bit would read as negative, so such values get a leading zero byte.
        if (bytes[start] >= 0x80)
        {
            start--;
        }
        WritePrimitive(tag, bytes[start..]);
    }

    public void WriteOctetString(ReadOnlySpan<byte> value, byte tag = BerTag.OctetString) => WritePrimitive(tag, value);

    public void WriteNull(byte tag = BerTag.Null) => WritePrimitive(tag, []);

    public void WriteOid(Oid oid)
    {
        Span<byte> content = stackalloc byte[Oid.MaxLength * 5];
        int length = WriteSubIdentifier(content, oid[0] * 40 + oid[1]);
        for (int i = 2; i < oid.Length; i++)
        {
            length += WriteSubIdentifier(content[length..], oid[i]);
        }
        WritePrimitive(BerTag.ObjectIdentifier, content[..length]);
    }

    public void WriteValue(SnmpValue value)
    {
        byte tag = (byte)value.Type;
        switch (value.Type)
        {
            case SnmpType.Integer:
                WriteInteger(value.AsInt32());
                break;
            case SnmpType.OctetString or SnmpType.Opaque or SnmpType.IpAddress:
                WriteOctetString(value.AsBytes().Span, tag);
                break;
            case SnmpType.ObjectIdentifier:
                WriteOid(value.AsOid());
                break;
            case SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks or SnmpType.Counter64:
                WriteUnsigned(value.AsUInt64(), tag);
                break;
            default:
                WriteNull(tag);
                break;
        }
    }

    public void WriteRaw(ReadOnlySpan<byte> encoded)
    {
        Ensure(encoded.Length);
        encoded.CopyTo(_buffer.AsSpan(_length));
        _length += encoded.Length;
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    private void WritePrimitive(byte tag, ReadOnlySpan<byte> content)
    {
        int lengthSize = LengthSize(content.Length);
        Ensure(1 + lengthSize + content.Length);
        _buffer[_length++] = tag;
        WriteLength(_buffer.AsSpan(_length, lengthSize), content.Length);
        _length += lengthSize;
        content.CopyTo(_buffer.AsSpan(_length));
        _length += content.Length;
    }

    private void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    private void Ensure(int extra)
    {
        if (_length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
        }
    }

    private static int LengthSize(int length) => length switch
    {
        < 0x80 => 1,
        <= 0xFF => 2,
        <= 0xFFFF => 3,
        <= 0xFFFFFF => 4,
        _ => 5,
    };

    private static void WriteLength(Span<byte> destination, int length)
    {
        if (destination.Length == 1)
        {
            destination[0] = (byte)length;
            return;
        }
        destination[0] = (byte)(0x80 | (destination.Length - 1));
        for (int i = destination.Length - 1; i > 0; i--, length >>= 8)
        {
            destination[i] = (byte)length;
        }
    }

    // Base-128, most significant group first, bit 8 set on all but the last byte.
    private static int WriteSubIdentifier(Span<byte> destination, ulong value)
    {
        int count = 1;
        for (ulong rest = value >> 7; rest != 0; rest >>= 7)
        {
            count++;
        }
        for (int i = 0; i < count; i++)
        {
            byte group = (byte)((value >> (7 * (count - 1 - i))) & 0x7F);
            destination[i] = i < count - 1 ? (byte)(group | 0x80) : group;
        }
        return count;
    }
}
