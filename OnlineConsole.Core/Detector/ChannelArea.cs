using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Detector;

/// <summary>
/// Latest dark count rate of every channel, with per-channel write time. Arrays are allocated once from the
/// geometry, so memory does not grow with run time.
/// </summary>
public sealed class ChannelArea : IChannelView
{
    private readonly ChangeHub _hub;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly float[] _rates;
    private readonly long[] _updatedTicks;
    private readonly ChannelStatus[] _status;
    private DetectorLimitsOptions _limits;
    private RateCodec[] _codecs;
    private SourceStamp? _stamp;
    private long _frame;
    private DetectorSummary _summary = DetectorSummary.Empty;
    private readonly ChannelHistory _history;
    private long _staleBeforeTicks;

    public ChannelArea(ChangeHub hub, TimeProvider time, DetectorGeometry geometry, DetectorLimitsOptions limits, FreshnessPolicy policy,
        int historySeconds = 3600, int historyMinutes = 1440)
    {
        _hub = hub;
        _time = time;
        Geometry = geometry;
        _limits = limits;
        Policy = policy;
        _rates = new float[geometry.Count];
        Array.Fill(_rates, float.NaN);
        _updatedTicks = new long[geometry.Count];
        _status = new ChannelStatus[geometry.Count];
        _codecs = RateCodec.ForLimits(limits);
        _history = new ChannelHistory(geometry, _codecs, historySeconds, historyMinutes);
    }

    /// <summary>
    /// The one-byte rate scale of each PMT type (index = <see cref="PmtType"/>), centred on the type's baseline.
    /// A new baseline (<see cref="SetLimits"/>) replaces the array; an array once returned never changes, so
    /// callers can tell scales apart by reference.
    /// </summary>
    public RateCodec[] Codecs => Volatile.Read(ref _codecs);

    /// <summary>Bytes held by the per-channel history.</summary>
    public long HistoryBytes => _history.Bytes;

    public DetectorGeometry Geometry { get; }
    public FreshnessPolicy Policy { get; }
    public DetectorLimitsOptions Limits => Volatile.Read(ref _limits);
    public DetectorSummary Summary => Volatile.Read(ref _summary);

    public SourceStamp? Stamp
    {
        get { lock (_gate) return _stamp; }
    }

    /// <summary>
    /// Writes rates for channels <paramref name="firstIndex"/>.. in dense index order. NaN means "no value in this
    /// frame" and keeps the channel's previous value and age.
    /// </summary>
    public void Write(int firstIndex, ReadOnlySpan<float> rates, SourceStamp stamp, bool endOfFrame = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstIndex);
        if (firstIndex + rates.Length > _rates.Length) throw new ArgumentOutOfRangeException(nameof(rates), "More rates than channels.");
        var ticks = stamp.UpdatedAt.UtcTicks;
        lock (_gate)
        {
            for (var i = 0; i < rates.Length; i++)
            {
                var r = rates[i];
                if (float.IsNaN(r)) continue;
                _rates[firstIndex + i] = r;
                _updatedTicks[firstIndex + i] = ticks;
            }
            _stamp = stamp;
        }
        if (endOfFrame) CompleteFrame();
    }

    /// <summary>Writes one channel by id (used by sparse sources and tests). Returns false for an unknown id.</summary>
    public bool WriteOne(int channelId, float rate, SourceStamp stamp, bool endOfFrame = true)
    {
        if (!Geometry.TryGetIndex(channelId, out var index)) return false;
        Write(index, [rate], stamp, endOfFrame);
        return true;
    }

    /// <summary>Recomputes statuses and the summary and tells subscribers (at once when <paramref name="urgent"/>: the area's freshness changed).</summary>
    public void CompleteFrame(bool urgent = false)
    {
        RecomputeSummary();
        _hub.Publish(StoreArea.Channels, urgent);
    }

    public void SetLimits(DetectorLimitsOptions limits)
    {
        var errors = limits.Validate().ToList();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(limits));
        var codecs = RateCodec.ForLimits(limits);
        lock (_gate)
        {
            // A new baseline moves the type's colour scale with it: the history is rewritten in the new scale, and
            // frames from now on are encoded in it (DcrFrameSource then sends a full frame and the new scales).
            if (!codecs.AsSpan().SequenceEqual(_codecs))
            {
                _history.Rescale(codecs);
                Volatile.Write(ref _codecs, codecs);
            }
            Volatile.Write(ref _limits, limits);
        }
        CompleteFrame();
    }

    /// <summary>Copies rates, write times (UTC ticks) and statuses into the caller's buffers.</summary>
    public void CopyTo(Span<float> rates, Span<long> updatedTicks, Span<ChannelStatus> status)
    {
        lock (_gate)
        {
            _rates.AsSpan(0, Math.Min(rates.Length, _rates.Length)).CopyTo(rates);
            _updatedTicks.AsSpan(0, Math.Min(updatedTicks.Length, _updatedTicks.Length)).CopyTo(updatedTicks);
            _status.AsSpan(0, Math.Min(status.Length, _status.Length)).CopyTo(status);
        }
    }

    /// <summary>Copies the statuses only (what the alarm rules read each frame).</summary>
    public void CopyStatus(Span<ChannelStatus> status)
    {
        lock (_gate) _status.AsSpan(0, Math.Min(status.Length, _status.Length)).CopyTo(status);
    }

    public (float Rate, DateTimeOffset? UpdatedAt, ChannelStatus Status) Read(int index)
    {
        lock (_gate)
        {
            var t = _updatedTicks[index];
            return (_rates[index], t == 0 ? null : new DateTimeOffset(t, TimeSpan.Zero), _status[index]);
        }
    }

    /// <summary>
    /// The frame state browsers are sent: one codec byte per channel and flags (status in bits 0-2,
    /// <see cref="FlagStale"/>, <see cref="FlagFlapping"/>). Returns the frame number, the source stamp and the
    /// codecs the codes are written in.
    /// </summary>
    public (long Frame, SourceStamp? Stamp, RateCodec[] Codecs) CopyFrame(Span<byte> codes, Span<byte> flags)
    {
        lock (_gate)
        {
            var channels = Geometry.Channels;
            var codecs = _codecs;
            for (var i = 0; i < _rates.Length; i++)
            {
                codes[i] = codecs[(int)channels[i].Type].Encode(_rates[i]);
                var stale = _updatedTicks[i] != 0 && _updatedTicks[i] < _staleBeforeTicks;
                flags[i] = (byte)((byte)_status[i] | (stale ? FlagStale : 0) | (_history.IsFlapping(i) ? FlagFlapping : 0));
            }
            return (_frame, _stamp, codecs);
        }
    }

    public const byte FlagStale = 0x08;
    public const byte FlagFlapping = 0x10;
    public const byte StatusMask = 0x07;

    /// <summary>The detail of one channel by dense index, with its history.</summary>
    public ChannelDetail Detail(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _rates.Length);
        var info = Geometry.Channels[index];
        lock (_gate)
        {
            var seconds = new byte[_history.SecondSlots];
            var minutes = new byte[_history.MinuteSlots];
            _history.CopySeconds(index, seconds);
            _history.CopyMinutes(index, minutes);
            var t = _updatedTicks[index];
            var rate = _rates[index];
            return new ChannelDetail(index, info, rate, t == 0 ? null : new DateTimeOffset(t, TimeSpan.Zero), _status[index],
                t != 0 && t < _staleBeforeTicks, _history.IsFlapping(index), _history.RecentMedian(index), _history.Deviation(index, rate),
                _codecs[(int)info.Type], seconds, minutes, _history.LastSecond);
        }
    }

    /// <summary>Channels flapping now (state changed often in the last minute), at most <paramref name="max"/>, by index.</summary>
    public IReadOnlyList<int> FlappingIndices(int max = 1000)
    {
        var result = new List<int>();
        lock (_gate)
        {
            for (var i = 0; i < _rates.Length && result.Count < max; i++)
                if (_history.IsFlapping(i)) result.Add(i);
        }
        return result;
    }

    /// <summary>Channels currently in <paramref name="wanted"/> state, at most <paramref name="max"/>, by index.</summary>
    public IReadOnlyList<int> IndicesWithStatus(ChannelStatus wanted, int max = 1000)
    {
        var result = new List<int>();
        lock (_gate)
        {
            for (var i = 0; i < _status.Length && result.Count < max; i++)
                if (_status[i] == wanted) result.Add(i);
        }
        return result;
    }

    private void RecomputeSummary()
    {
        var now = _time.GetUtcNow();
        var staleBefore = (now - Policy.StaleAfter).UtcTicks;
        var limits = Limits;
        var counts = new int[3, 9];
        var samples = new List<float>[] { new(), new(), new() };
        var seen = new int[3];
        DetectorSummary summary;
        lock (_gate)
        {
            var channels = Geometry.Channels;
            for (var i = 0; i < _rates.Length; i++)
            {
                var type = (int)channels[i].Type;
                var st = limits.For(channels[i].Type).Classify(_rates[i]);
                _status[i] = st;
                counts[type, (int)st]++;
                if (_updatedTicks[i] != 0 && _updatedTicks[i] < staleBefore) counts[type, 7]++;
                // Every 16th channel of a type is plenty for a median of thousands.
                if ((seen[type]++ & 15) == 0 && !float.IsNaN(_rates[i])) samples[type].Add(_rates[i]);
            }
            _staleBeforeTicks = staleBefore;
            _history.Record(now, _rates, _updatedTicks, _status, staleBefore);
            for (var i = 0; i < _rates.Length; i++)
                if (_history.IsFlapping(i)) counts[(int)channels[i].Type, 8]++;
            var frame = ++_frame;
            var byType = new List<TypeSummary>(3);
            foreach (var type in Enum.GetValues<PmtType>())
            {
                var t = (int)type;
                if (Geometry.CountByType[t] == 0) continue;
                var s = samples[t];
                s.Sort();
                var median = s.Count == 0 ? double.NaN : s[s.Count / 2];
                byType.Add(new TypeSummary(type, Geometry.CountByType[t],
                    Ok: counts[t, (int)ChannelStatus.Ok], Low: counts[t, (int)ChannelStatus.Low], High: counts[t, (int)ChannelStatus.High],
                    Dead: counts[t, (int)ChannelStatus.Dead], Hot: counts[t, (int)ChannelStatus.Hot],
                    Stale: counts[t, 7], Missing: counts[t, (int)ChannelStatus.Missing], MedianRate: median, Flapping: counts[t, 8]));
            }
            summary = new DetectorSummary(byType, frame, now);
        }
        Volatile.Write(ref _summary, summary);
    }
}
