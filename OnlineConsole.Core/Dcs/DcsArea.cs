using OnlineConsole.Core.Live;
using OnlineConsole.Core.Quality;

namespace OnlineConsole.Core.Dcs;

/// <summary>What one batch of slow-control messages did to the store.</summary>
public sealed record DcsApplyResult(int Applied, int Unmatched, int Refused, IReadOnlyList<(string Topic, string Error)> Malformed);

/// <summary>
/// The slow-control channels: created on the first message on a topic that matches a configured pattern, their
/// latest reading replaced whole, a trend of the last hour at <see cref="TrendStep"/> per numeric channel, the
/// channels outside their limits kept as a set (so the alarm rules look at those, not at every channel), and the
/// commands sent to channels with what their readback made of them.
/// </summary>
public sealed class DcsArea : IDcsView
{
    public static readonly TimeSpan TrendStep = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan TrendSpan = TimeSpan.FromHours(1);
    private static readonly int TrendPoints = (int)(TrendSpan / TrendStep);

    private readonly ChangeHub _changes;
    private readonly TimeProvider _time;
    private readonly (DcsPattern Topic, string Group, string Name, DcsPattern? Set, DcsPointOptions Point)[] _points;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _byTopic = new(StringComparer.Ordinal);
    private readonly HashSet<DcsChannel> _outOfLimits = [];
    private readonly HashSet<string> _sources = new(StringComparer.Ordinal);
    private DcsChannel[] _snapshot = [];
    private DcsChannel[] _outSnapshot = [];
    private bool _added;
    private bool _outChanged;

    public DcsArea(ChangeHub changes, TimeProvider time, DcsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _changes = changes;
        _time = time;
        MaxChannels = options.MaxChannels;
        AlarmTree = new DcsAlarmTree(changes);
        _points = [.. options.EffectivePoints.Select(p =>
        {
            var topic = DcsPattern.Parse(p.Topic);
            var segments = p.Topic.Split('/');
            var group = p.Group ?? string.Join('/', segments[..Math.Max(1, segments.Length - 2)]);
            var name = p.Name ?? string.Join('/', segments[Math.Max(0, segments.Length - 2)..]);
            return (topic, group, name, p.SetTopic is { Length: > 0 } st ? DcsPattern.Parse(st) : null, p);
        })];
    }

    public int MaxChannels { get; }

    /// <summary>The EPICS alarm tree of the Phoebus alarm server (empty when none is configured).</summary>
    public DcsAlarmTree AlarmTree { get; }

    /// <summary>The subscription filters of the configured patterns.</summary>
    public IReadOnlyList<string> Filters => [.. _points.Select(p => p.Topic.Filter).Distinct(StringComparer.Ordinal)];

    public int Count { get { lock (_gate) return _byTopic.Count; } }

    /// <summary>Applies a batch of messages in order and tells the pages once.</summary>
    public DcsApplyResult Apply(IReadOnlyList<DcsMessage> messages, SourceStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(messages);
        int applied = 0, unmatched = 0, refused = 0;
        List<(string, string)>? malformed = null;
        lock (_gate)
        {
            _sources.Add(stamp.Source);
            foreach (var m in messages)
            {
                var known = _byTopic.TryGetValue(m.Topic, out var e);
                if (!known)
                {
                    if (Create(m.Topic) is not { } created)
                    {
                        unmatched++;
                        continue;
                    }
                    if (_byTopic.Count >= MaxChannels) { refused++; continue; }
                    e = created;
                }
                var (value, text, time, error) = DcsPayload.Parse(e!.Channel.Kind, m.Payload.Span);
                if (error is not null)
                {
                    (malformed ??= []).Add((m.Topic, error));
                    continue;
                }
                // A channel exists from its first good reading: a damaged one alone does not make an empty row.
                if (!known)
                {
                    _byTopic[m.Topic] = e;
                    _added = true;
                }
                var reading = new DcsReading(value, text, time ?? stamp.UpdatedAt, stamp) { AgeUnknown = m.Retained && time is null };
                // An older reading than the latest (a retained message after a live one) does not move the value back.
                if (e.Channel.Latest is { } last && reading.Time < last.Time) reading = reading with { Value = last.Value, Text = last.Text, Time = last.Time };
                e.Channel.Latest = reading;
                if (e.Channel.Kind != DcsKind.Status) e.Add(reading);
                if (e.Channel.Command is { State: DcsCommandState.Pending } c && stamp.UpdatedAt <= c.Deadline && e.Channel.Confirms(c, reading))
                    e.Channel.Command = c with { State = DcsCommandState.Applied, DoneAt = stamp.UpdatedAt };
                var outside = e.Channel.Check(reading) != DcsLimitState.Within;
                if (outside ? _outOfLimits.Add(e.Channel) : _outOfLimits.Remove(e.Channel)) _outChanged = true;
                applied++;
            }
        }
        if (applied > 0) _changes.Publish(StoreArea.Dcs);
        return new DcsApplyResult(applied, unmatched, refused, malformed ?? (IReadOnlyList<(string, string)>)[]);
    }

    private Entry? Create(string topic)
    {
        foreach (var (pattern, group, name, set, point) in _points)
        {
            if (pattern.Match(topic) is not { } values) continue;
            return new Entry(new DcsChannel(topic, DcsPattern.FillTemplate(group, values), DcsPattern.FillTemplate(name, values), point, set?.Fill(values)), point.Kind != DcsKind.Status);
        }
        return null;
    }

    /// <summary>Every channel, by group and name.</summary>
    public IReadOnlyList<DcsChannel> Snapshot()
    {
        lock (_gate)
        {
            if (_added)
            {
                _snapshot = [.. _byTopic.Values.Select(e => e.Channel).OrderBy(c => c.Group, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal)];
                _added = false;
            }
            return _snapshot;
        }
    }

    /// <summary>The channels whose latest reading is outside their limits (or tripped).</summary>
    public IReadOnlyList<DcsChannel> OutOfLimits()
    {
        lock (_gate)
        {
            if (_outChanged)
            {
                _outSnapshot = [.. _outOfLimits.OrderBy(c => c.Id, StringComparer.Ordinal)];
                _outChanged = false;
            }
            return _outSnapshot;
        }
    }

    public DcsChannel? Find(string id)
    {
        lock (_gate) return _byTopic.TryGetValue(id, out var e) ? e.Channel : null;
    }

    /// <summary>The sources that wrote channels (for the freshness of what they wrote).</summary>
    public bool WrittenBy(string source)
    {
        lock (_gate) return _sources.Contains(source);
    }

    /// <summary>The last hour of a numeric channel, oldest first (the newest reading of each step).</summary>
    public IReadOnlyList<MetricPoint> Trend(string id)
    {
        lock (_gate) return _byTopic.TryGetValue(id, out var e) ? e.Points() : [];
    }

    /// <summary>
    /// Records a command to <paramref name="channel"/> as pending; the caller sends it and reports a failure to send
    /// through <see cref="FailCommand"/>. A newer command replaces an older one.
    /// </summary>
    public DcsCommand BeginCommand(DcsChannel channel, string payload, string user)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var now = _time.GetUtcNow();
        var command = new DcsCommand(channel.Id, payload, user, now, now + channel.Point.CommandTimeout);
        // Setting what is already set is confirmed by the next readback, like any other command.
        lock (_gate) channel.Command = command;
        _changes.Publish(StoreArea.Dcs);
        return command;
    }

    public void FailCommand(DcsCommand command, string reason)
    {
        ArgumentNullException.ThrowIfNull(command);
        lock (_gate)
        {
            if (!_byTopic.TryGetValue(command.ChannelId, out var e) || !ReferenceEquals(e.Channel.Command, command)) return;
            e.Channel.Command = command with { State = DcsCommandState.Failed, DoneAt = _time.GetUtcNow(), Reason = reason };
        }
        _changes.Publish(StoreArea.Dcs, urgent: true);
    }

    private sealed class Entry(DcsChannel channel, bool numeric)
    {
        private float[]? _ring = numeric ? null : [];
        private int _count;
        private int _head;
        private long _lastStep = long.MinValue;
        private long _firstStep;

        public DcsChannel Channel { get; } = channel;

        public void Add(DcsReading r)
        {
            _ring ??= new float[TrendPoints];
            var step = r.Time.UtcTicks / TrendStep.Ticks;
            if (step == _lastStep && _count > 0)
            {
                _ring[(_head - 1 + _ring.Length) % _ring.Length] = (float)r.Value;
                return;
            }
            if (step < _lastStep) return;
            // Steps without a reading are filled with NaN, so the trend's times follow from the ring's position.
            var gap = _count == 0 ? 1 : Math.Min(step - _lastStep, _ring.Length);
            for (var i = 1; i < gap; i++) Push(float.NaN);
            Push((float)r.Value);
            _lastStep = step;
            _firstStep = _lastStep - _count + 1;
        }

        private void Push(float v)
        {
            _ring![_head] = v;
            _head = (_head + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
        }

        public MetricPoint[] Points()
        {
            if (_ring is not { Length: > 0 } ring || _count == 0) return [];
            var list = new List<MetricPoint>(_count);
            for (var i = 0; i < _count; i++)
            {
                var v = ring[(_head - _count + i + ring.Length) % ring.Length];
                if (float.IsNaN(v)) continue;
                var time = i == _count - 1 && Channel.Latest is { } l ? l.Time : new DateTimeOffset((_firstStep + i) * TrendStep.Ticks, TimeSpan.Zero);
                list.Add(new MetricPoint(time, v));
            }
            return [.. list];
        }
    }
}

/// <summary>The slow-control channels as pages see them.</summary>
public interface IDcsView
{
    int Count { get; }
    DcsAlarmTree AlarmTree { get; }
    IReadOnlyList<DcsChannel> Snapshot();
    IReadOnlyList<DcsChannel> OutOfLimits();
    DcsChannel? Find(string id);
    IReadOnlyList<MetricPoint> Trend(string id);
}
