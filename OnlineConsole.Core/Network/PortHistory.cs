namespace OnlineConsole.Core.Network;

/// <summary>
/// Per-port history of in/out bit rate, errors/s and discards/s: the last hour at the poll interval (a ring of
/// samples) and the last 24 hours as one-minute averages (a ring of minutes). Fed with every network snapshot a
/// source writes (<see cref="NetworkArea.Replace"/>), so the SNMP collector and the simulator fill it alike.
/// <para>
/// Storage is compact: each value is a 16-bit code of log2(1 + v) in 1/1024 steps (relative error under 0.04 %,
/// range 0 to 1.8e19, so 400 Gb/s and 0.01 errors/s both fit), a sample is 4 values plus a 32-bit Unix second, and
/// the minute ring has no timestamps (slot = minute mod 1440; a gap is a "missing" code).
/// </para>
/// <para>
/// Memory budget: per port 12 B x (3600 s / poll interval) + 8 B x 1440 minutes + about 200 B of object overhead.
/// At the 10 s default poll that is 4,320 + 11,520 + 200 = 16,040 B per port, so 9,000 ports take 144 MB
/// (9,000 x 16,040 B = 144.4 MB; at a 5 s poll 9,000 x 20,360 B = 183 MB). Only switch ports with measured rates
/// are kept (a server's NIC mirrors its switch port), and at most <c>Store:MaxPortHistories</c> ports (10,000 by
/// default): ports beyond it get no history, so memory stays bounded whatever the network.
/// </para>
/// </summary>
public sealed class PortHistory : IPortTrends
{
    public const int ValueCount = 4;
    public const int BytesPerSample = 4 + (2 * ValueCount);
    public const int BytesPerMinute = 2 * ValueCount;
    public const int OverheadPerPort = 450;
    private const ushort Missing = ushort.MaxValue;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Device, string Port), Series> _series = [];
    private readonly int _maxPorts;

    public PortHistory(TimeSpan sampleInterval, int maxPorts, TimeSpan? recentSpan = null, int minutes = 1440)
    {
        if (sampleInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(sampleInterval));
        ArgumentOutOfRangeException.ThrowIfNegative(maxPorts);
        ArgumentOutOfRangeException.ThrowIfLessThan(minutes, 1);
        var span = recentSpan ?? TimeSpan.FromHours(1);
        RecentCapacity = (int)Math.Clamp(Math.Ceiling(span / sampleInterval), 2, 100_000);
        Minutes = minutes;
        _maxPorts = maxPorts;
    }

    /// <summary>Samples kept at the poll interval (one hour's worth).</summary>
    public int RecentCapacity { get; }

    /// <summary>One-minute averages kept.</summary>
    public int Minutes { get; }

    public int Count
    {
        get { lock (_gate) return _series.Count; }
    }

    /// <summary>Bytes of history one port takes (the arrays plus overhead), as in the class summary.</summary>
    public long BytesPerPort => ((long)RecentCapacity * BytesPerSample) + ((long)Minutes * BytesPerMinute) + OverheadPerPort;

    /// <summary>The memory budget of <paramref name="ports"/> ports.</summary>
    public long BudgetBytes(int ports) => ports * BytesPerPort;

    /// <summary>Records every measured port of every switch in the snapshot at <paramref name="at"/>.</summary>
    public void Record(NetworkSnapshot snapshot, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_gate)
        {
            foreach (var d in snapshot.Devices)
            {
                if (d.Role == DeviceRole.Server) continue;
                foreach (var p in d.Ports)
                    if (p.RatesKnown) RecordLocked(d.Name, p.Name, at, p.InBitsPerSecond, p.OutBitsPerSecond, p.ErrorsPerSecond, p.DiscardsPerSecond);
            }
        }
    }

    public void Record(string device, string port, DateTimeOffset at, double inBps, double outBps, double errorsPerSecond, double discardsPerSecond)
    {
        lock (_gate) RecordLocked(device, port, at, inBps, outBps, errorsPerSecond, discardsPerSecond);
    }

    /// <summary>The port's history, oldest first; null when it has none.</summary>
    public PortTrend? Get(string device, string port)
    {
        lock (_gate) return _series.TryGetValue((device, port), out var s) ? s.ToTrend() : null;
    }

    private void RecordLocked(string device, string port, DateTimeOffset at, double inBps, double outBps, double errors, double discards)
    {
        if (!_series.TryGetValue((device, port), out var s))
        {
            if (_series.Count >= _maxPorts) return;
            _series[(device, port)] = s = new Series(RecentCapacity, Minutes);
        }
        s.Add(at.ToUnixTimeSeconds(), inBps, outBps, errors, discards);
    }

    /// <summary>The 16-bit code of a non-negative value: log2(1 + v) in 1/1024 steps.</summary>
    public static ushort Encode(double v)
    {
        if (double.IsNaN(v) || v <= 0) return 0;
        return (ushort)Math.Min(Missing - 1, Math.Round(Math.Log2(1 + v) * 1024));
    }

    public static double Decode(ushort code) => Math.Pow(2, code / 1024.0) - 1;

    private sealed class Series
    {
        private readonly uint[] _times;
        private readonly ushort[] _recent;
        private readonly ushort[] _minutes;
        private int _count;
        private int _next;
        private long _firstMinute = -1;
        private long _newestMinute = -1;
        private long _accMinute = -1;
        private int _accCount;
        private readonly double[] _acc = new double[ValueCount];

        public Series(int capacity, int minutes)
        {
            _times = new uint[capacity];
            _recent = new ushort[capacity * ValueCount];
            _minutes = new ushort[minutes * ValueCount];
            Array.Fill(_minutes, Missing);
        }

        public void Add(long unixSeconds, double a, double b, double c, double d)
        {
            // Out of order or repeated samples (a clock step back) would break the ring's order: dropped.
            if (_count > 0 && unixSeconds <= _times[(_next - 1 + _times.Length) % _times.Length]) return;
            _times[_next] = (uint)unixSeconds;
            var at = _next * ValueCount;
            _recent[at] = Encode(a);
            _recent[at + 1] = Encode(b);
            _recent[at + 2] = Encode(c);
            _recent[at + 3] = Encode(d);
            _next = (_next + 1) % _times.Length;
            _count = Math.Min(_count + 1, _times.Length);

            var minute = unixSeconds / 60;
            if (_accCount > 0 && minute != _accMinute) Flush();
            _accMinute = minute;
            _acc[0] += a;
            _acc[1] += b;
            _acc[2] += c;
            _acc[3] += d;
            _accCount++;
        }

        /// <summary>Writes the finished minute's averages and marks the minutes skipped since the last one missing.</summary>
        private void Flush()
        {
            var m = _accMinute;
            var slots = _minutes.Length / ValueCount;
            if (_newestMinute >= 0)
                for (var k = _newestMinute + 1; k < m && k <= _newestMinute + slots; k++) Array.Fill(_minutes, Missing, (int)(k % slots) * ValueCount, ValueCount);
            var at = (int)(m % slots) * ValueCount;
            for (var i = 0; i < ValueCount; i++)
            {
                _minutes[at + i] = Encode(_acc[i] / _accCount);
                _acc[i] = 0;
            }
            _accCount = 0;
            if (_firstMinute < 0) _firstMinute = m;
            _newestMinute = m;
        }

        public PortTrend ToTrend()
        {
            var recent = new PortTrendSeries(new long[_count], new double?[_count], new double?[_count], new double?[_count], new double?[_count]);
            var start = (_next - _count + _times.Length) % _times.Length;
            for (var i = 0; i < _count; i++)
            {
                var slot = (start + i) % _times.Length;
                recent.TimesMs[i] = _times[slot] * 1000L;
                for (var v = 0; v < ValueCount; v++) recent.Values(v)[i] = Decode(_recent[(slot * ValueCount) + v]);
            }

            // Finished minutes, then the minute in progress (its average so far), one point per minute with gaps null.
            var slots = _minutes.Length / ValueCount;
            var last = _accCount > 0 ? _accMinute : _newestMinute;
            var first = _firstMinute >= 0 ? Math.Max(_firstMinute, last - slots + 1) : last;
            var n = last < 0 ? 0 : (int)(last - first + 1);
            var minutes = new PortTrendSeries(new long[n], new double?[n], new double?[n], new double?[n], new double?[n]);
            for (var i = 0; i < n; i++)
            {
                var m = first + i;
                minutes.TimesMs[i] = m * 60_000;
                for (var v = 0; v < ValueCount; v++)
                {
                    if (m == _accMinute && _accCount > 0) minutes.Values(v)[i] = _acc[v] / _accCount;
                    else if (m <= _newestMinute && _minutes[(int)(m % slots) * ValueCount + v] is var code && code != Missing) minutes.Values(v)[i] = Decode(code);
                }
            }
            return new PortTrend(recent, minutes);
        }
    }
}
