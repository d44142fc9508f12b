using System.Numerics;

namespace OnlineConsole.Core.Detector;

/// <summary>
/// Per-channel history in fixed rings allocated once: the last <see cref="SecondSlots"/> seconds at 1 s and the
/// last <see cref="MinuteSlots"/> minutes at 1 min (minute = mean rate of its seconds), one <see cref="RateCodec"/>
/// byte per sample. Rings are slot-major (all channels of one second are contiguous), so recording a frame is one
/// sequential write. Also keeps each channel's recent median (for deviation) and its recent state changes (for
/// flapping). Not thread-safe: <see cref="ChannelArea"/> calls it under its lock.
/// Memory per channel: seconds + minutes + 16 bytes of working state; see <see cref="BytesFor"/>.
/// </summary>
public sealed class ChannelHistory
{
    /// <summary>Seconds the median is taken over, and how often it is recomputed.</summary>
    public const int MedianWindowSeconds = 60;
    public const int MedianEverySeconds = 10;

    /// <summary>State changes (good / dead / hot) within <see cref="FlapWindowSeconds"/> that make a channel flapping.</summary>
    public const int FlapTransitions = 4;
    public const int FlapWindowSeconds = 60;

    private readonly int _n;
    private readonly byte[] _types;
    private RateCodec[] _codecs;
    private readonly byte[] _seconds;
    private readonly byte[] _minutes;
    private readonly float[] _minuteSum;
    private readonly ushort[] _minuteCount;
    private readonly byte[] _median;
    private readonly ulong[] _changes;
    private readonly byte[] _lastClass;
    private readonly bool[] _flapping;
    private long _lastSecond = long.MinValue;
    private long _currentMinute = long.MinValue;
    private long _secondsRecorded;
    private readonly byte[] _medianScratch = new byte[MedianWindowSeconds];

    public ChannelHistory(DetectorGeometry geometry, RateCodec[] codecs, int secondSlots = 3600, int minuteSlots = 1440)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(codecs);
        ArgumentOutOfRangeException.ThrowIfLessThan(secondSlots, MedianWindowSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(minuteSlots, 1);
        _n = geometry.Count;
        _types = [.. geometry.Channels.Select(c => (byte)c.Type)];
        _codecs = codecs;
        SecondSlots = secondSlots;
        MinuteSlots = minuteSlots;
        _seconds = new byte[(long)_n * secondSlots];
        _minutes = new byte[(long)_n * minuteSlots];
        _minuteSum = new float[_n];
        _minuteCount = new ushort[_n];
        _median = new byte[_n];
        _changes = new ulong[_n];
        _lastClass = new byte[_n];
        _flapping = new bool[_n];
    }

    public int SecondSlots { get; }
    public int MinuteSlots { get; }

    /// <summary>The last second recorded (Unix seconds), or null before the first.</summary>
    public long? LastSecond => _lastSecond == long.MinValue ? null : _lastSecond;

    /// <summary>Bytes held for <paramref name="channels"/> channels: 1 + 1 byte per slot, 4 + 2 (minute sum and count),
    /// 1 (median), 8 (state changes), 1 (last state), 1 (flapping). JUNO, 43,212 channels, 1 h + 24 h: 218.5 MB.</summary>
    public static long BytesFor(int channels, int secondSlots = 3600, int minuteSlots = 1440) =>
        (long)channels * (secondSlots + minuteSlots + 4 + 2 + 1 + 8 + 1 + 1);

    public long Bytes => BytesFor(_n, SecondSlots, MinuteSlots);

    public RateCodec CodecFor(PmtType type) => _codecs[(int)type];

    /// <summary>
    /// Records the current value of every channel for the second of <paramref name="now"/>. Channels not written
    /// since <paramref name="staleBeforeTicks"/> are recorded as "no value". A second recorded twice keeps the later
    /// values; skipped seconds and minutes are recorded as "no value"; a clock going backwards is ignored.
    /// </summary>
    public void Record(DateTimeOffset now, ReadOnlySpan<float> rates, ReadOnlySpan<long> updatedTicks, ReadOnlySpan<ChannelStatus> status, long staleBeforeTicks)
    {
        var second = now.ToUnixTimeSeconds();
        if (_lastSecond != long.MinValue && second < _lastSecond) return;
        var isNewSecond = second != _lastSecond;
        if (isNewSecond)
        {
            var minute = second / 60;
            if (_currentMinute != long.MinValue && minute != _currentMinute) CloseMinute(minute);
            _currentMinute = minute;
            if (_lastSecond != long.MinValue)
            {
                // Seconds that got no frame at all are gaps, not copies of the last value.
                var gap = Math.Min(second - _lastSecond - 1, SecondSlots);
                for (var s = 1; s <= gap; s++) SecondRow(_lastSecond + s).Clear();
            }
            _lastSecond = second;
            _secondsRecorded++;
        }
        var row = SecondRow(second);
        for (var i = 0; i < _n; i++)
        {
            var fresh = updatedTicks[i] != 0 && updatedTicks[i] >= staleBeforeTicks;
            var rate = rates[i];
            row[i] = fresh ? _codecs[_types[i]].Encode(rate) : RateCodec.NoValue;
            if (!isNewSecond) continue;
            if (fresh && !float.IsNaN(rate))
            {
                _minuteSum[i] += rate;
                _minuteCount[i]++;
            }
            var cls = status[i] switch { ChannelStatus.Dead => (byte)1, ChannelStatus.Hot => (byte)2, _ => (byte)0 };
            _changes[i] = (_changes[i] << 1) | (cls != _lastClass[i] ? 1UL : 0UL);
            _lastClass[i] = cls;
            _flapping[i] = BitOperations.PopCount(_changes[i] & FlapMask) >= FlapTransitions;
        }
        if (isNewSecond && _secondsRecorded % MedianEverySeconds == 1) RecomputeMedians();
    }

    private const ulong FlapMask = FlapWindowSeconds >= 64 ? ulong.MaxValue : (1UL << FlapWindowSeconds) - 1;

    public bool IsFlapping(int index) => _flapping[index];

    /// <summary>Median of the channel's last <see cref="MedianWindowSeconds"/> recorded seconds (NaN if none).</summary>
    public float RecentMedian(int index) => _codecs[_types[index]].Decode(_median[index]);

    /// <summary>Relative deviation of <paramref name="rate"/> from the channel's recent median (0.1 = 10 % above).</summary>
    public double Deviation(int index, float rate)
    {
        var m = RecentMedian(index);
        return float.IsNaN(m) || float.IsNaN(rate) || m <= 0 ? double.NaN : (rate / m) - 1;
    }

    /// <summary>The channel's last <see cref="SecondSlots"/> seconds as codes, oldest first, ending at <see cref="LastSecond"/>.</summary>
    public void CopySeconds(int index, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, SecondSlots);
        if (_lastSecond == long.MinValue)
        {
            destination[..SecondSlots].Clear();
            return;
        }
        for (var k = 0; k < SecondSlots; k++)
        {
            var second = _lastSecond - SecondSlots + 1 + k;
            destination[k] = second < 0 ? RateCodec.NoValue : _seconds[(Slot(second, SecondSlots) * _n) + index];
        }
    }

    /// <summary>The channel's last <see cref="MinuteSlots"/> completed minutes as codes, oldest first, ending
    /// with the minute before the current one.</summary>
    public void CopyMinutes(int index, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, MinuteSlots);
        if (_currentMinute == long.MinValue)
        {
            destination[..MinuteSlots].Clear();
            return;
        }
        for (var k = 0; k < MinuteSlots; k++)
        {
            var minute = _currentMinute - MinuteSlots + k;
            destination[k] = minute < 0 ? RateCodec.NoValue : _minutes[(Slot(minute, MinuteSlots) * _n) + index];
        }
    }

    private Span<byte> SecondRow(long second) => _seconds.AsSpan((int)(Slot(second, SecondSlots) * _n), _n);

    private static long Slot(long t, int slots) => ((t % slots) + slots) % slots;

    private void CloseMinute(long newMinute)
    {
        var row = _minutes.AsSpan((int)(Slot(_currentMinute, MinuteSlots) * _n), _n);
        for (var i = 0; i < _n; i++)
        {
            row[i] = _minuteCount[i] == 0 ? RateCodec.NoValue : _codecs[_types[i]].Encode(_minuteSum[i] / _minuteCount[i]);
            _minuteSum[i] = 0;
            _minuteCount[i] = 0;
        }
        var gap = Math.Min(newMinute - _currentMinute - 1, MinuteSlots);
        for (var m = 1; m <= gap; m++) _minutes.AsSpan((int)(Slot(_currentMinute + m, MinuteSlots) * _n), _n).Clear();
    }

    /// <summary>
    /// Rewrites every stored code (seconds, minutes, medians) of the types whose codec changed into the new codecs:
    /// one 256-entry table per type, one pass over the rings. Values outside the new range end at its floor or
    /// ceiling. Costs a pass over <see cref="Bytes"/> (a fraction of a second at JUNO size), only when an expert
    /// moves a baseline.
    /// </summary>
    public void Rescale(RateCodec[] codecs)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        if (codecs.Length != _codecs.Length) throw new ArgumentException("One codec per PMT type.", nameof(codecs));
        var tables = new byte[codecs.Length][];
        var any = false;
        for (var t = 0; t < codecs.Length; t++)
        {
            var table = tables[t] = new byte[256];
            for (var c = 0; c < 256; c++)
            {
                var code = (byte)c;
                table[c] = codecs[t] == _codecs[t] || code == RateCodec.NoValue ? code : codecs[t].Encode(_codecs[t].Decode(code));
                any |= table[c] != code;
            }
        }
        _codecs = codecs;
        if (!any) return;
        Transcode(_seconds, tables);
        Transcode(_minutes, tables);
        Transcode(_median, tables);
    }

    private void Transcode(byte[] rows, byte[][] tables)
    {
        var types = _types;
        for (long start = 0; start < rows.LongLength; start += _n)
        {
            var row = rows.AsSpan((int)start, _n);
            for (var i = 0; i < row.Length; i++) row[i] = tables[types[i]][row[i]];
        }
    }

    private void RecomputeMedians()
    {
        // Codes are monotonic in the rate, so the median code is the code of the median rate.
        var window = (int)Math.Min(MedianWindowSeconds, _secondsRecorded);
        var scratch = _medianScratch;
        for (var i = 0; i < _n; i++)
        {
            var count = 0;
            for (var k = 0; k < window; k++)
            {
                var c = _seconds[(Slot(_lastSecond - k, SecondSlots) * _n) + i];
                if (c != RateCodec.NoValue) scratch[count++] = c;
            }
            if (count == 0)
            {
                _median[i] = RateCodec.NoValue;
                continue;
            }
            var span = scratch.AsSpan(0, count);
            span.Sort();
            _median[i] = span[count / 2];
        }
    }
}
