using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Quality;

/// <summary>
/// Latest value and last-hour trend of every METRIC series. The trend keeps one point per
/// <see cref="TrendStep"/> (the newest sample of the step), so a series sending every 100 ms costs the same as
/// one sending every 10 s. At most <see cref="MaxSeries"/> series; samples of further series are refused and counted.
/// </summary>
public sealed class MetricArea : IMetricView
{
    public static readonly TimeSpan TrendStep = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan TrendSpan = TimeSpan.FromHours(1);
    private static readonly int TrendPoints = (int)(TrendSpan / TrendStep);

    private readonly ChangeHub _changes;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private MetricSeries[] _snapshot = [];
    private bool _dirty;

    public MetricArea(ChangeHub changes, FreshnessPolicy policy, int maxSeries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeries, 1);
        _changes = changes;
        Policy = policy;
        MaxSeries = maxSeries;
    }

    public FreshnessPolicy Policy { get; }
    public int MaxSeries { get; }

    /// <summary>Applies samples in order; returns how many were refused because the series limit is reached.</summary>
    public int Update(IReadOnlyList<MetricSample> samples, SourceStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0) return 0;
        var refused = 0;
        lock (_gate)
        {
            foreach (var m in samples)
            {
                var key = m.SeriesKey;
                if (!_series.TryGetValue(key, out var s))
                {
                    if (_series.Count >= MaxSeries) { refused++; continue; }
                    s = new Series(key, m.Name, m.Labels);
                    _series[key] = s;
                }
                s.Add(m, stamp);
            }
            _dirty = true;
        }
        _changes.Publish(StoreArea.Metrics);
        return refused;
    }

    /// <summary>Every series' latest value, ordered by key.</summary>
    public IReadOnlyList<MetricSeries> Snapshot()
    {
        lock (_gate)
        {
            if (_dirty)
            {
                _snapshot = [.. _series.Values.Select(s => s.Latest!).OrderBy(s => s.Key, StringComparer.Ordinal)];
                _dirty = false;
            }
            return _snapshot;
        }
    }

    /// <summary>The last hour of one series, oldest first; empty when unknown.</summary>
    public IReadOnlyList<MetricPoint> Trend(string key)
    {
        lock (_gate) return _series.TryGetValue(key, out var s) ? s.Points() : [];
    }

    private sealed class Series(string key, string name, IReadOnlyDictionary<string, string> labels)
    {
        private readonly MetricPoint[] _ring = new MetricPoint[TrendPoints];
        private int _count;
        private int _head;
        private long _lastStep = long.MinValue;

        public MetricSeries? Latest { get; private set; }

        public void Add(MetricSample m, SourceStamp stamp)
        {
            // An older sample than the latest (a replayed partition) does not move the value back.
            if (Latest is { } l && m.Time < l.Time) return;
            Latest = new MetricSeries(key, name, labels, m.Value, m.Time, stamp);
            var step = m.Time.UtcTicks / TrendStep.Ticks;
            if (step == _lastStep && _count > 0)
            {
                _ring[(_head - 1 + _ring.Length) % _ring.Length] = new MetricPoint(m.Time, m.Value);
                return;
            }
            _lastStep = step;
            _ring[_head] = new MetricPoint(m.Time, m.Value);
            _head = (_head + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
        }

        public MetricPoint[] Points()
        {
            var list = new MetricPoint[_count];
            for (var i = 0; i < _count; i++) list[i] = _ring[(_head - _count + i + _ring.Length) % _ring.Length];
            return list;
        }
    }
}

/// <summary>The metric series as pages see them.</summary>
public interface IMetricView
{
    FreshnessPolicy Policy { get; }
    IReadOnlyList<MetricSeries> Snapshot();
    IReadOnlyList<MetricPoint> Trend(string key);
}
