using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;

namespace OnlineConsole.Collectors.Snmp;

/// <summary>
/// An SNMP object identifier: 2 to 128 unsigned 32-bit sub-identifiers, first arc 0..2 (RFC 2578 section 3.5).
/// Immutable; ordered lexicographically as agents order their MIB views.
/// </summary>
public sealed class Oid : IEquatable<Oid>, IComparable<Oid>
{
    public const int MaxLength = 128;

    private readonly uint[] _arcs;

    public Oid(params ReadOnlySpan<uint> arcs)
    {
        if (!IsValid(arcs))
        {
            throw new ArgumentException("An OID has 2 to 128 arcs, the first 0..2 and the second below 40 unless the first is 2.", nameof(arcs));
        }
        _arcs = arcs.ToArray();
    }

    // For the decoder, which builds a fresh array that satisfies IsValid by construction.
    private Oid(uint[] arcs) => _arcs = arcs;

    public int Length => _arcs.Length;

    public uint this[int index] => _arcs[index];

    public ReadOnlySpan<uint> Arcs => _arcs;

    public static Oid Parse(string text) =>
        TryParse(text, out var oid) ? oid : throw new FormatException($"'{text}' is not a numeric OID.");

    /// <summary>Parses dotted numeric form, with or without a leading dot ("1.3.6.1" or ".1.3.6.1").</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Oid? oid)
    {
        oid = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var span = text.AsSpan();
        if (span[0] == '.')
        {
            span = span[1..];
        }
        var arcs = new List<uint>();
        foreach (var range in span.Split('.'))
        {
            if (arcs.Count == MaxLength
                || !uint.TryParse(span[range], NumberStyles.None, CultureInfo.InvariantCulture, out uint arc))
            {
                return false;
            }
            arcs.Add(arc);
        }
        if (!IsValid(CollectionsMarshal.AsSpan(arcs)))
        {
            return false;
        }
        oid = new Oid(arcs.ToArray());
        return true;
    }

    internal static Oid FromDecoded(uint[] arcs) => new(arcs);

    public Oid Append(params ReadOnlySpan<uint> arcs) => new([.. _arcs, .. arcs]);

    /// <summary>True when this OID equals <paramref name="prefix"/> or lies in its subtree.</summary>
    public bool StartsWith(Oid prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return Arcs.StartsWith(prefix.Arcs);
    }

    public int CompareTo(Oid? other) => other is null ? 1 : Arcs.SequenceCompareTo(other.Arcs);

    public bool Equals(Oid? other) => other is not null && Arcs.SequenceEqual(other.Arcs);

    public override bool Equals(object? obj) => Equals(obj as Oid);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(Arcs));
        return hash.ToHashCode();
    }

    public override string ToString() => string.Join('.', _arcs.Select(a => a.ToString(CultureInfo.InvariantCulture)));

    public static bool operator ==(Oid? left, Oid? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Oid? left, Oid? right) => !(left == right);

    public static bool operator <(Oid? left, Oid? right) => Compare(left, right) < 0;

    public static bool operator <=(Oid? left, Oid? right) => Compare(left, right) <= 0;

    public static bool operator >(Oid? left, Oid? right) => Compare(left, right) > 0;

    public static bool operator >=(Oid? left, Oid? right) => Compare(left, right) >= 0;

    private static int Compare(Oid? left, Oid? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    // BER packs the first two arcs into one sub-identifier (40 * X + Y), which is only reversible under these limits.
    private static bool IsValid(ReadOnlySpan<uint> arcs) =>
        arcs.Length is >= 2 and <= MaxLength
        && arcs[0] <= 2
        && (arcs[0] == 2 ? arcs[1] <= uint.MaxValue - 80 : arcs[1] < 40);
}
