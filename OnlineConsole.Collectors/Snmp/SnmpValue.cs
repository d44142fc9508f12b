using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OnlineConsole.Collectors.Snmp;

/// <summary>SNMP value types; each value is its BER tag (RFC 2578 and RFC 3416).</summary>
public enum SnmpType
{
    Integer = 0x02,
    OctetString = 0x04,
    Null = 0x05,
    ObjectIdentifier = 0x06,
    IpAddress = 0x40,
    Counter32 = 0x41,
    Gauge32 = 0x42,
    TimeTicks = 0x43,
    Opaque = 0x44,
    Counter64 = 0x46,
    NoSuchObject = 0x80,
    NoSuchInstance = 0x81,
    EndOfMibView = 0x82,
}

/// <summary>
/// An immutable SNMP value: the <see cref="Type"/> tells which typed accessor applies; the others throw
/// <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class SnmpValue : IEquatable<SnmpValue>
{
    private readonly ulong _number;
    private readonly byte[]? _bytes;
    private readonly Oid? _oid;

    private SnmpValue(SnmpType type, ulong number = 0, byte[]? bytes = null, Oid? oid = null)
    {
        Type = type;
        _number = number;
        _bytes = bytes;
        _oid = oid;
    }

    public SnmpType Type { get; }

    /// <summary>True for noSuchObject, noSuchInstance and endOfMibView: the agent had no value to give.</summary>
    public bool IsException => Type is SnmpType.NoSuchObject or SnmpType.NoSuchInstance or SnmpType.EndOfMibView;

    public static SnmpValue Null { get; } = new(SnmpType.Null);

    public static SnmpValue NoSuchObject { get; } = new(SnmpType.NoSuchObject);

    public static SnmpValue NoSuchInstance { get; } = new(SnmpType.NoSuchInstance);

    public static SnmpValue EndOfMibView { get; } = new(SnmpType.EndOfMibView);

    public static SnmpValue Integer(int value) => new(SnmpType.Integer, unchecked((ulong)value));

    public static SnmpValue OctetString(ReadOnlySpan<byte> value) => new(SnmpType.OctetString, bytes: value.ToArray());

    public static SnmpValue OctetString(string value) => new(SnmpType.OctetString, bytes: Encoding.UTF8.GetBytes(value));

    public static SnmpValue ObjectIdentifier(Oid value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(SnmpType.ObjectIdentifier, oid: value);
    }

    public static SnmpValue IpAddress(IPAddress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("SNMP IpAddress values are IPv4 only.", nameof(value));
        }
        return new(SnmpType.IpAddress, bytes: value.GetAddressBytes());
    }

    internal static SnmpValue IpAddress(ReadOnlySpan<byte> fourBytes) => new(SnmpType.IpAddress, bytes: fourBytes.ToArray());

    public static SnmpValue Counter32(uint value) => new(SnmpType.Counter32, value);

    public static SnmpValue Gauge32(uint value) => new(SnmpType.Gauge32, value);

    public static SnmpValue TimeTicks(uint hundredths) => new(SnmpType.TimeTicks, hundredths);

    /// <summary>Opaque content is kept as the raw bytes the agent sent (typically a nested BER encoding).</summary>
    public static SnmpValue Opaque(ReadOnlySpan<byte> value) => new(SnmpType.Opaque, bytes: value.ToArray());

    public static SnmpValue Counter64(ulong value) => new(SnmpType.Counter64, value);

    public int AsInt32() => Type == SnmpType.Integer ? unchecked((int)_number) : throw WrongType(nameof(AsInt32));

    /// <summary>Counter32, Gauge32 or TimeTicks.</summary>
    public uint AsUInt32() =>
        Type is SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks ? (uint)_number : throw WrongType(nameof(AsUInt32));

    /// <summary>Counter64, or one of the unsigned 32-bit types widened.</summary>
    public ulong AsUInt64() =>
        Type is SnmpType.Counter64 or SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks ? _number : throw WrongType(nameof(AsUInt64));

    /// <summary>OctetString, Opaque or IpAddress content.</summary>
    public ReadOnlyMemory<byte> AsBytes() => _bytes ?? throw WrongType(nameof(AsBytes));

    /// <summary>OctetString content as UTF-8 text (DisplayString is ASCII, a subset).</summary>
    public string AsString() =>
        Type == SnmpType.OctetString ? Encoding.UTF8.GetString(_bytes!) : throw WrongType(nameof(AsString));

    public Oid AsOid() => _oid ?? throw WrongType(nameof(AsOid));

    public IPAddress AsIpAddress() => Type == SnmpType.IpAddress ? new IPAddress(_bytes!) : throw WrongType(nameof(AsIpAddress));

    public TimeSpan AsTimeSpan() =>
        Type == SnmpType.TimeTicks ? TimeSpan.FromMilliseconds(_number * 10.0) : throw WrongType(nameof(AsTimeSpan));

    public bool Equals(SnmpValue? other) =>
        other is not null
        && Type == other.Type
        && _number == other._number
        && _oid == other._oid
        && (_bytes ?? []).AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as SnmpValue);

    public override int GetHashCode() => HashCode.Combine(Type, _number, _oid, _bytes?.Length);

    /// <summary>Culture-invariant text: numbers in decimal, printable strings as text, other bytes as hex.</summary>
    public override string ToString() => Type switch
    {
        SnmpType.Integer => AsInt32().ToString(CultureInfo.InvariantCulture),
        SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks or SnmpType.Counter64 => _number.ToString(CultureInfo.InvariantCulture),
        SnmpType.OctetString when _bytes!.All(b => b is >= 0x20 and < 0x7F or (byte)'\t' or (byte)'\r' or (byte)'\n') => AsString(),
        SnmpType.OctetString or SnmpType.Opaque => Convert.ToHexString(_bytes!),
        SnmpType.IpAddress => AsIpAddress().ToString(),
        SnmpType.ObjectIdentifier => _oid!.ToString(),
        _ => Type.ToString(),
    };

    private InvalidOperationException WrongType(string accessor) => new($"{accessor} does not apply to a {Type} value.");
}

/// <summary>A variable binding: an OID and its value.</summary>
public readonly record struct VarBind(Oid Oid, SnmpValue Value)
{
    public override string ToString() => $"{Oid} = {Value}";
}
