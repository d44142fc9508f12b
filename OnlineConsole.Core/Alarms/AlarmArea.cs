using System.Threading.Channels;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;

namespace OnlineConsole.Core.Alarms;

/// <summary>
/// The one alarm system: turns observations from every source into ISA-18.2 alarms (debounce, latch, chatter,
/// deduplication by key), applies operators' acknowledgements, shelves and out-of-service decisions, groups the
/// alarms of what hangs from a failed switch or port under one root cause, and holds what the pages, the notifier
/// and the settings database need. Time passes through <see cref="Tick"/> (about once a second).
/// </summary>
public sealed class AlarmArea : IAlarmIngest, IAlarmView
{
    private readonly ChangeHub _hub;
    private readonly TimeProvider _time;
    private readonly AlarmOptions _options;
    private readonly Func<RunStatus?> _run;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly AlarmEvent?[] _events;
    private readonly DateTimeOffset _createdAt;
    private readonly HashSet<string> _upserted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private readonly List<AlarmEvent> _newEvents = [];
    private readonly Channel<AlarmNotice> _notices;
    private AlarmDependencies _dependencies = AlarmDependencies.None;
    private AlarmSnapshot _snapshot = AlarmSnapshot.Empty;
    private bool _snapshotStale;
    private bool _dirty;
    private long _version;
    private long _activationSequence;
    private long _eventSequence;
    private int _eventNext;
    private int _eventCount;
    private RunState? _lastRunState;
    private DateTimeOffset _settleUntil = DateTimeOffset.MinValue;
    private long _refusedOverCapacity;
    private long _noticesDropped;
    private long _noticesSent;
    private long _publishedVersion;
    private readonly List<AlarmNotice> _pendingNotices = [];
    // Keys that returned to normal keep their recent activations for the chatter window, so an unlatched alarm
    // that flaps is still seen chattering and counted.
    private readonly Dictionary<string, (int Count, DateTimeOffset First, List<DateTimeOffset> Recent)> _memory = new(StringComparer.Ordinal);

    public AlarmArea(ChangeHub hub, TimeProvider time, AlarmOptions options, Func<RunStatus?> run)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate().ToList();
        if (errors.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        _hub = hub;
        _time = time;
        _options = options;
        _run = run;
        _events = new AlarmEvent?[options.EventCapacity];
        _createdAt = time.GetUtcNow();
        _notices = Channel.CreateBounded<AlarmNotice>(
            new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _noticesDropped));
    }

    public AlarmOptions Options => _options;

    /// <summary>Alarms to notify about, in order (read by the notifier; the oldest are dropped, counted, when nobody reads).</summary>
    public ChannelReader<AlarmNotice> Notices => _notices.Reader;

    public long NoticesSent => Interlocked.Read(ref _noticesSent);
    public long NoticesDropped => Interlocked.Read(ref _noticesDropped);

    /// <summary>New keys refused because <see cref="AlarmOptions.MaxAlarms"/> alarms exist.</summary>
    public long RefusedOverCapacity => Interlocked.Read(ref _refusedOverCapacity);

    public AlarmSnapshot Snapshot()
    {
        lock (_gate)
        {
            // Built when read (pages read at most once per change batch), not on every change: a frame that changes
            // a few of 10,000 alarms must not sort them all.
            if (_snapshotStale)
            {
                var list = _entries.Values.Select(e => e.View).Where(a => a.State != AlarmState.Normal).ToList();
                list.Sort(WorstFirst);
                _snapshot = new AlarmSnapshot(list, Count(list), _version);
                _snapshotStale = false;
            }
            return _snapshot;
        }
    }

    public Alarm? Find(string key)
    {
        lock (_gate) return _entries.TryGetValue(key, out var e) ? e.View : null;
    }

    public AlarmDependencies Dependencies
    {
        get { lock (_gate) return _dependencies; }
    }

    /// <summary>
    /// From when the events in memory are complete: this area's start until the ring is full, then its oldest event.
    /// Reports over a longer window read what is older from the journal.
    /// </summary>
    public DateTimeOffset EventsCompleteSince
    {
        get
        {
            lock (_gate)
                return _eventCount < _events.Length ? _createdAt : _events[(_eventNext - _eventCount + _events.Length) % _events.Length]!.At;
        }
    }

    /// <summary>Events kept in memory, oldest first; only those of <paramref name="key"/> when given.</summary>
    public IReadOnlyList<AlarmEvent> Events(string? key = null, DateTimeOffset? since = null)
    {
        lock (_gate)
        {
            var list = new List<AlarmEvent>();
            var start = (_eventNext - _eventCount + _events.Length) % _events.Length;
            for (var i = 0; i < _eventCount; i++)
            {
                var ev = _events[(start + i) % _events.Length]!;
                if (key is not null && !string.Equals(ev.Key, key, StringComparison.Ordinal)) continue;
                if (since is { } s && ev.At < s) continue;
                list.Add(ev);
            }
            return list;
        }
    }

    /// <summary>Keys a source reported active (raw condition), e.g. for a rule to clear what it no longer sees after a restart.</summary>
    public IReadOnlyList<string> ActiveKeys(string source, string? rule = null)
    {
        lock (_gate)
            return [.. _entries.Values.Where(e => e.RawActive && e.Source == source && (rule is null || e.Rule == rule)).Select(e => e.Key)];
    }

    /// <summary>
    /// Set on a replica that does not hold the lease: the signals that pass validation are handed to it (the bus to
    /// the holder, which keeps the alarms) instead of being applied here. Null on the holder and on a single console.
    /// </summary>
    public Action<IReadOnlyList<AlarmSignal>>? Forward { get; set; }

    public AlarmIngestResult Submit(IReadOnlyList<AlarmSignal> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var errors = new List<string>();
        var accepted = 0;
        var now = _time.GetUtcNow();
        if (Forward is { } forward)
        {
            var valid = new List<AlarmSignal>(signals.Count);
            for (var i = 0; i < signals.Count; i++)
            {
                var problems = signals[i] is null ? ["the signal is empty"] : signals[i].Validate().ToList();
                if (problems.Count > 0) errors.Add($"#{i} ({Shorten(signals[i]?.Key)}): {string.Join("; ", problems)}");
                else valid.Add(signals[i]);
            }
            if (valid.Count > 0) forward(valid);
            return new AlarmIngestResult(valid.Count, errors);
        }
        lock (_gate)
        {
            FollowRun(now);
            for (var i = 0; i < signals.Count; i++)
            {
                var s = signals[i];
                var problems = s is null ? ["the signal is empty"] : s.Validate().ToList();
                if (problems.Count > 0)
                {
                    errors.Add($"#{i} ({Shorten(s?.Key)}): {string.Join("; ", problems)}");
                    continue;
                }
                Apply(s!, now);
                accepted++;
            }
            Recompute(now);
            // With no hold an activation is told at once, not at the next tick.
            if (_options.NotifyHold <= TimeSpan.Zero) Notify(now);
        }
        PublishIfChanged();
        return new AlarmIngestResult(accepted, errors);
    }

    /// <summary>Lets time act: debounce delays, shelf expiry, the run settle time, chatter decay, the notify hold.</summary>
    public void Tick()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            FollowRun(now);
            foreach (var (key, m) in _memory.ToList())
                if (m.Recent.Count == 0 || now - m.Recent[^1] > _options.ChatterWindow) _memory.Remove(key);
            foreach (var e in _entries.Values.ToList())
            {
                if (e.Shelf is { } shelf && shelf.Until <= now)
                {
                    e.Shelf = null;
                    Record(e, AlarmEventKind.ShelfExpired, now, null, shelf.Reason);
                }
                if (e.Chattering && (e.RecentActivations.Count == 0 || now - e.RecentActivations[^1] > _options.ChatterWindow))
                {
                    e.Chattering = false;
                    e.RecentActivations.Clear();
                    Touch(e);
                }
                Evaluate(e, now);
            }
            Recompute(now);
            Notify(now);
        }
        PublishIfChanged();
    }

    public void SetDependencies(AlarmDependencies dependencies)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        lock (_gate)
        {
            if (ReferenceEquals(dependencies, _dependencies)) return;
            _dependencies = dependencies;
            _dirty = true;
            Recompute(_time.GetUtcNow());
        }
        PublishIfChanged();
    }

    /// <summary>
    /// Replaces the rules (an admin changed them in the console). Alarms already present follow the new rule at once:
    /// latch, debounce and run states at the next evaluation, guidance and links in the next view, a fixed severity now.
    /// </summary>
    public void SetRules(IReadOnlyDictionary<string, AlarmRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        lock (_gate)
        {
            _options.Rules = new Dictionary<string, AlarmRule>(rules);
            var now = _time.GetUtcNow();
            foreach (var e in _entries.Values.ToList())
            {
                var rule = _options.RuleFor(e.Rule);
                if (ReferenceEquals(rule, e.Policy)) continue;
                e.Policy = rule;
                if (rule.Severity is { } fixedSeverity) e.Severity = fixedSeverity;
                Touch(e);
                Evaluate(e, now);
            }
            Recompute(now);
        }
        PublishIfChanged();
    }

    /// <summary>Runs a command given as data (from this replica or handed over by another).</summary>
    public AlarmCommandResult Execute(AlarmCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.Kind switch
        {
            AlarmCommandKind.Acknowledge => Acknowledge(command.Key, command.Activation, command.User, command.Comment),
            AlarmCommandKind.Unacknowledge => Unacknowledge(command.Key, command.User, command.Comment),
            AlarmCommandKind.Shelve => command.Until is { } until ? Shelve(command.Key, until, command.User, command.Comment) : new(AlarmCommandStatus.Invalid, "a shelf needs an end"),
            AlarmCommandKind.Unshelve => Unshelve(command.Key, command.User, command.Comment),
            AlarmCommandKind.RemoveFromService => RemoveFromService(command.Key, command.User, command.Comment),
            AlarmCommandKind.ReturnToService => ReturnToService(command.Key, command.User, command.Comment),
            _ => new(AlarmCommandStatus.Invalid, $"unknown command {command.Kind}"),
        };
    }

    public AlarmCommandResult Acknowledge(string key, long activation, string user, string comment) =>
        Command(key, user, comment, (e, now) =>
        {
            if (e.Activation != activation)
                return new(AlarmCommandStatus.Changed, $"the alarm activated again or escalated since (activation {e.Activation}, acknowledged {activation})");
            if (e.Ack is not null) return new(AlarmCommandStatus.Invalid, $"already acknowledged by {e.Ack.By}");
            if (e.View.State == AlarmState.Normal) return new(AlarmCommandStatus.Invalid, "nothing to acknowledge");
            e.Ack = new AlarmDecision(user, now, comment);
            Record(e, AlarmEventKind.Acknowledged, now, user, comment);
            return null;
        });

    /// <summary>Withdraws the acknowledgement of the current activation (a source that keeps its own acknowledgements says so).</summary>
    public AlarmCommandResult Unacknowledge(string key, string user, string comment) =>
        Command(key, user, comment, (e, now) =>
        {
            if (e.Ack is null) return new(AlarmCommandStatus.Invalid, "not acknowledged");
            e.Ack = null;
            Record(e, AlarmEventKind.Unacknowledged, now, user, comment);
            return null;
        });

    public AlarmCommandResult Shelve(string key, DateTimeOffset until, string user, string reason) =>
        Command(key, user, reason, (e, now) =>
        {
            if (until <= now) return new(AlarmCommandStatus.Invalid, "the shelf must end in the future");
            var max = _options.MaxShelve.TryGetValue(e.Severity, out var m) ? m : TimeSpan.FromHours(8);
            if (until - now > max + TimeSpan.FromSeconds(1))
                return new(AlarmCommandStatus.Invalid, $"a {e.Severity} alarm can be shelved for at most {max}");
            e.Shelf = new AlarmShelf(until, reason, user, now);
            Record(e, AlarmEventKind.Shelved, now, user, reason);
            return null;
        });

    public AlarmCommandResult Unshelve(string key, string user, string reason) =>
        Command(key, user, reason, (e, now) =>
        {
            if (e.Shelf is null) return new(AlarmCommandStatus.Invalid, "the alarm is not shelved");
            e.Shelf = null;
            Record(e, AlarmEventKind.Unshelved, now, user, reason);
            return null;
        });

    public AlarmCommandResult RemoveFromService(string key, string user, string reason) =>
        Command(key, user, reason, (e, now) =>
        {
            if (e.OutOfService is not null) return new(AlarmCommandStatus.Invalid, $"already out of service since {e.OutOfService.At:u}");
            e.OutOfService = new AlarmDecision(user, now, reason);
            Record(e, AlarmEventKind.RemovedFromService, now, user, reason);
            return null;
        });

    public AlarmCommandResult ReturnToService(string key, string user, string reason) =>
        Command(key, user, reason, (e, now) =>
        {
            if (e.OutOfService is null) return new(AlarmCommandStatus.Invalid, "the alarm is in service");
            e.OutOfService = null;
            Record(e, AlarmEventKind.ReturnedToService, now, user, reason);
            return null;
        });

    /// <summary>
    /// Puts back what the settings database kept (before any source reports): states, activations, acknowledgements,
    /// shelves. An expired shelf expires at the next tick; a condition no longer reported clears when its source says so.
    /// New events are numbered after <paramref name="lastEventId"/>, the last one the database holds.
    /// </summary>
    public void Restore(IEnumerable<Alarm> alarms, long lastEventId = 0)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        lock (_gate)
        {
            _eventSequence = Math.Max(_eventSequence, lastEventId);
            foreach (var a in alarms)
            {
                if (_entries.Count >= _options.MaxAlarms) break;
                var e = FromView(a);
                _entries[a.Key] = e;
                _activationSequence = Math.Max(_activationSequence, a.Activation);
                Touch(e);
            }
            Recompute(_time.GetUtcNow());
            _upserted.Clear();
        }
        PublishIfChanged();
    }

    /// <summary>
    /// Takes what the replica holding the lease changed (or, with <paramref name="replaceAll"/>, everything it keeps):
    /// the alarms as it has them, with their events. Nothing is evaluated or written here; the holder does both.
    /// </summary>
    public void Mirror(AlarmChanges changes, bool replaceAll = false)
    {
        ArgumentNullException.ThrowIfNull(changes);
        lock (_gate)
        {
            if (replaceAll)
            {
                var keep = changes.Upserted.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
                foreach (var k in _entries.Keys.Where(k => !keep.Contains(k)).ToList()) _entries.Remove(k);
            }
            foreach (var a in changes.Upserted) _entries[a.Key] = FromView(a);
            foreach (var k in changes.Removed) _entries.Remove(k);
            foreach (var ev in changes.Events)
            {
                if (ev.Id <= _eventSequence) continue; // seen already (a resend after a gap)
                _eventSequence = ev.Id;
                _events[_eventNext] = ev;
                _eventNext = (_eventNext + 1) % _events.Length;
                _eventCount = Math.Min(_eventCount + 1, _events.Length);
            }
            foreach (var a in changes.Upserted) _activationSequence = Math.Max(_activationSequence, a.Activation);
            _dirty = true;
            Recompute(_time.GetUtcNow());
            // The holder writes the database: a mirror has nothing to drain.
            _upserted.Clear();
            _removed.Clear();
            _newEvents.Clear();
        }
        PublishIfChanged(urgent: changes.Events.Any(e => e.User is not null));
    }

    private Entry FromView(Alarm a) =>
        new(a.Key, a.Source, a.Rule, _options.RuleFor(a.Rule))
        {
            Severity = a.Severity, Message = a.Message, Labels = a.Labels, Subject = a.Subject, Guidance = a.Guidance,
            Links = a.Links, RawActive = a.Active, Active = a.Active, Activation = a.Activation,
            FirstActivated = a.FirstActivated, ActiveSince = a.ActiveSince, ClearedAt = a.ClearedAt, LastChange = a.LastChange,
            Count = a.Count, RunNumber = a.RunNumber, RunState = a.RunState, Ack = a.Acknowledged, Shelf = a.Shelf,
            OutOfService = a.OutOfService, Notified = a.Active,
        };

    /// <summary>What changed since the last call, for the settings database: alarms to write, keys to delete, new events.</summary>
    public AlarmChanges DrainChanges()
    {
        lock (_gate)
        {
            var upserts = _upserted.Where(_entries.ContainsKey).Select(k => _entries[k].View).ToList();
            var removed = _removed.Where(k => !_entries.ContainsKey(k)).ToList();
            var events = _newEvents.ToList();
            _upserted.Clear();
            _removed.Clear();
            _newEvents.Clear();
            return new AlarmChanges(upserts, removed, events);
        }
    }

    private AlarmCommandResult Command(string key, string user, string comment, Func<Entry, DateTimeOffset, AlarmCommandResult?> act)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (string.IsNullOrWhiteSpace(user)) return new(AlarmCommandStatus.Invalid, "no user");
        if (string.IsNullOrWhiteSpace(comment)) return new(AlarmCommandStatus.Invalid, "a comment is required");
        if (comment.Length > 1_000) return new(AlarmCommandStatus.Invalid, "the comment is longer than 1000 characters");
        AlarmCommandResult result;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var e)) return new(AlarmCommandStatus.NotFound, $"no alarm {key}");
            var before = e.View;
            var refused = act(e, now);
            if (refused is not null) return refused with { Before = before };
            Touch(e);
            RemoveIfNormal(e);
            Recompute(now);
            result = new(AlarmCommandStatus.Done, null, before, _entries.TryGetValue(key, out var after) ? after.View : null);
        }
        PublishIfChanged(urgent: true);
        return result;
    }

    private void Apply(AlarmSignal s, DateTimeOffset now)
    {
        var rule = _options.RuleFor(s.Rule);
        var severity = rule.Severity ?? s.Severity;
        if (!_entries.TryGetValue(s.Key, out var e))
        {
            if (!s.Active) return;
            if (_entries.Count >= _options.MaxAlarms)
            {
                Interlocked.Increment(ref _refusedOverCapacity);
                return;
            }
            e = new Entry(s.Key, s.Source, s.Rule, rule)
            {
                Severity = severity, Message = s.Message, Labels = s.Labels, Subject = s.Subject, Guidance = s.Guidance, Links = s.Links,
            };
            if (_memory.Remove(s.Key, out var m))
            {
                e.Count = m.Count;
                e.FirstActivated = m.First;
                e.RecentActivations.AddRange(m.Recent);
            }
            _entries[s.Key] = e;
            Touch(e);
        }
        // Description follows the latest observation; a rise in severity while active is a new activation to acknowledge.
        var escalated = e.Active && s.Active && severity > e.Severity;
        if (e.Message != s.Message || e.Severity != severity || !SameLabels(e.Labels, s.Labels) || e.Subject != s.Subject)
        {
            if (s.Active || !e.Active)
            {
                e.Severity = severity;
                e.Message = s.Message;
            }
            e.Labels = s.Labels;
            e.Subject = s.Subject;
            // The signal's own; the rule's are added in the view, so a rule edited later shows at once.
            e.Guidance = s.Guidance;
            e.Links = s.Links;
            Touch(e);
        }
        if (escalated)
        {
            e.Activation = ++_activationSequence;
            e.Ack = null;
            e.NotifyDue = now + _options.NotifyHold;
            e.Notified = false;
            Record(e, AlarmEventKind.Escalated, now, null, null);
        }
        e.RawActive = s.Active;
        if (s.Active)
        {
            e.PendingOnCount++;
            if (s.At is { } at && at < now && e.SourceSince is null) e.SourceSince = at;
        }
        else
        {
            e.SourceSince = null;
        }
        Evaluate(e, now);
    }

    private void Evaluate(Entry e, DateTimeOffset now)
    {
        var effective = e.RawActive && RunAllows(e.Policy);
        if (effective)
        {
            e.PendingOffSince = null;
            if (e.Active) return;
            e.PendingOnSince ??= now;
            if (e.PendingOnCount < e.Policy.OnCount) return;
            if (now - e.PendingOnSince.Value < e.Policy.OnDelay) return;
            if (e.Policy.SettleOnRunChange && now < _settleUntil) return;
            Activate(e, now);
        }
        else
        {
            e.PendingOnSince = null;
            if (!e.RawActive) e.PendingOnCount = 0;
            if (e.Active)
            {
                e.PendingOffSince ??= now;
                if (now - e.PendingOffSince.Value < e.Policy.OffDelay) return;
                Clear(e, now);
            }
            RemoveIfNormal(e);
        }
    }

    private void Activate(Entry e, DateTimeOffset now)
    {
        e.Active = true;
        e.Activation = ++_activationSequence;
        e.Ack = null;
        e.ActiveSince = e.SourceSince is { } since && now - since < TimeSpan.FromDays(1) ? since : now;
        if (e.Count == 0) e.FirstActivated = e.ActiveSince;
        e.ClearedAt = null;
        e.Count++;
        e.PendingOnSince = null;
        e.PendingOnCount = 0;
        var run = _run();
        e.RunNumber = run?.RunNumber;
        e.RunState = run?.State;
        e.RecentActivations.Add(now);
        e.RecentActivations.RemoveAll(t => now - t > _options.ChatterWindow);
        if (e.RecentActivations.Count >= _options.ChatterCount) e.Chattering = true;
        e.NotifyDue = now + _options.NotifyHold;
        e.Notified = false;
        Record(e, AlarmEventKind.Activated, now, null, null);
    }

    private void Clear(Entry e, DateTimeOffset now)
    {
        e.Active = false;
        e.ClearedAt = now;
        e.PendingOffSince = null;
        e.NotifyDue = null;
        Record(e, AlarmEventKind.Cleared, now, null, null);
        if (e.Notified)
        {
            e.Notified = false;
            e.Touched = true;
            _pendingNotices.Add(new AlarmNotice(e.Build(_dependencies), false, now));
        }
    }

    private void Notify(DateTimeOffset now)
    {
        foreach (var e in _entries.Values)
        {
            if (e.NotifyDue is not { } due || due > now || e.Notified) continue;
            if (!e.Active || e.Ack is not null || e.Shelf is not null || e.OutOfService is not null)
            {
                e.NotifyDue = null;
                continue;
            }
            // Caused by another alarm: wait; it is notified if it is still active when the cause clears.
            if (e.SuppressedBy is not null) continue;
            e.NotifyDue = null;
            e.Notified = true;
            _pendingNotices.Add(new AlarmNotice(e.View, true, now));
        }
        foreach (var n in _pendingNotices)
        {
            Interlocked.Increment(ref _noticesSent);
            _notices.Writer.TryWrite(n);
        }
        _pendingNotices.Clear();
    }

    private void FollowRun(DateTimeOffset now)
    {
        var state = _run()?.State;
        if (state == _lastRunState) return;
        if (_lastRunState is not null) _settleUntil = now + _options.RunSettle;
        _lastRunState = state;
        // Rules limited to run states start or stop counting: re-evaluate everything.
        foreach (var e in _entries.Values.ToList()) Evaluate(e, now);
    }

    private bool RunAllows(AlarmRule rule) =>
        rule.RunStates.Count == 0 || (_lastRunState is { } s && rule.RunStates.Contains(s));

    private void RemoveIfNormal(Entry e)
    {
        if (e.RawActive || e.Active || e.Shelf is not null || e.OutOfService is not null) return;
        if (e.Latch && e.Ack is null && e.Count > 0) return;
        if (_entries.Remove(e.Key))
        {
            if (e.RecentActivations.Count > 0 && _memory.Count < _options.MaxAlarms) _memory[e.Key] = (e.Count, e.FirstActivated, e.RecentActivations);
            _removed.Add(e.Key);
            _upserted.Remove(e.Key);
            _dirty = true;
        }
    }

    private void Record(Entry e, AlarmEventKind kind, DateTimeOffset now, string? user, string? comment)
    {
        var ev = new AlarmEvent(++_eventSequence, now, e.Key, kind, e.Severity, e.Message, e.Activation, e.RunNumber, e.RunState, user, comment) { Labels = e.Labels };
        _events[_eventNext] = ev;
        _eventNext = (_eventNext + 1) % _events.Length;
        _eventCount = Math.Min(_eventCount + 1, _events.Length);
        _newEvents.Add(ev);
        e.LastChange = now;
        Touch(e);
    }

    private void Touch(Entry e)
    {
        e.Touched = true;
        _dirty = true;
    }

    private void Recompute(DateTimeOffset now)
    {
        if (!_dirty) return;
        // Root cause: an alarm hangs from the nearest ancestor of its subject whose alarm has no active ancestor itself
        // (a "top" cause): a dead edge switch, not the core port facing it; a cut cable, not the server behind it.
        var bySubject = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var e in _entries.Values)
            if (e.Active && e.OutOfService is null && e.Subject is { } subject
                && (!bySubject.TryGetValue(subject, out var other) || Worse(e, other))) bySubject[subject] = e;
        // Memoized over the parents (each subject is looked at once per recompute): no active ancestor, and the
        // nearest such "top" cause above a subject.
        var noActiveAbove = new Dictionary<string, bool>(StringComparer.Ordinal);
        var rootOf = new Dictionary<string, string?>(StringComparer.Ordinal);
        bool NoActiveAbove(string subject, int depth)
        {
            if (noActiveAbove.TryGetValue(subject, out var known)) return known;
            if (depth > AlarmDependencies.MaxDepth) return true;
            noActiveAbove[subject] = true; // a cycle in a bad map ends here
            var result = true;
            foreach (var p in _dependencies.ParentsOf(subject))
                if (bySubject.ContainsKey(p) || !NoActiveAbove(p, depth + 1))
                {
                    result = false;
                    break;
                }
            noActiveAbove[subject] = result;
            return result;
        }
        string? RootOf(string subject, int depth)
        {
            if (rootOf.TryGetValue(subject, out var known)) return known;
            if (depth > AlarmDependencies.MaxDepth) return null;
            rootOf[subject] = null; // a cycle in a bad map ends here
            string? result = null;
            var parents = _dependencies.ParentsOf(subject);
            foreach (var p in parents)
                if (bySubject.ContainsKey(p) && NoActiveAbove(p, depth + 1))
                {
                    result = p;
                    break;
                }
            if (result is null)
                foreach (var p in parents)
                    if ((result = RootOf(p, depth + 1)) is not null) break;
            rootOf[subject] = result;
            return result;
        }
        var affected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in _entries.Values)
        {
            string? root = null;
            if (e.Active && e.Subject is { } subject && bySubject.Count > 1 && RootOf(subject, 0) is { } cause) root = bySubject[cause].Key;
            if (root is not null) affected[root] = affected.GetValueOrDefault(root) + 1;
            if (root != e.SuppressedBy)
            {
                if (e.Active) Record(e, root is null ? AlarmEventKind.Unsuppressed : AlarmEventKind.Suppressed, now, null, root ?? e.SuppressedBy);
                e.SuppressedBy = root;
                Touch(e);
            }
        }
        foreach (var e in _entries.Values)
        {
            var n = affected.GetValueOrDefault(e.Key);
            if (n != e.Affected)
            {
                e.Affected = n;
                e.Touched = true;
            }
            if (!e.Touched) continue;
            e.Touched = false;
            e.View = e.Build(_dependencies);
            _upserted.Add(e.Key);
        }
        _version++;
        _snapshotStale = true;
        _dirty = false;
    }

    private static bool Worse(Entry a, Entry b) => a.Severity > b.Severity || (a.Severity == b.Severity && string.CompareOrdinal(a.Key, b.Key) < 0);

    /// <summary>Severity, then needing acknowledgement, then newest activation.</summary>
    public static int WorstFirst(Alarm a, Alarm b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = b.Severity.CompareTo(a.Severity);
        if (c != 0) return c;
        c = b.NeedsAcknowledgement.CompareTo(a.NeedsAcknowledgement);
        if (c != 0) return c;
        c = b.ActiveSince.CompareTo(a.ActiveSince);
        return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
    }

    private static AlarmCounts Count(List<Alarm> list)
    {
        var bySeverity = new Dictionary<AlarmSeverity, int>();
        var unackedBySeverity = new Dictionary<AlarmSeverity, int>();
        int active = 0, unacked = 0, shelved = 0, oos = 0;
        AlarmSeverity? worst = null;
        foreach (var a in list)
        {
            switch (a.State)
            {
                case AlarmState.Shelved: shelved++; continue;
                case AlarmState.OutOfService: oos++; continue;
            }
            active++;
            bySeverity[a.Severity] = bySeverity.GetValueOrDefault(a.Severity) + 1;
            if (!a.NeedsAcknowledgement) continue;
            unacked++;
            unackedBySeverity[a.Severity] = unackedBySeverity.GetValueOrDefault(a.Severity) + 1;
            if (worst is null || a.Severity > worst) worst = a.Severity;
        }
        return new AlarmCounts(active, unacked, shelved, oos, bySeverity, unackedBySeverity, worst);
    }

    /// <param name="urgent">An operator's command: every page shows it at the shortest batch window, not the page's own.</param>
    private void PublishIfChanged(bool urgent = false)
    {
        long version;
        lock (_gate) version = _version;
        if (version == Interlocked.Exchange(ref _publishedVersion, version)) return;
        _hub.Publish(StoreArea.Alarms, urgent);
    }

    // A repeated notification carries a new dictionary with the same labels: that is not a change.
    private static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        foreach (var (k, v) in a)
            if (!b.TryGetValue(k, out var w) || !string.Equals(v, w, StringComparison.Ordinal)) return false;
        return true;
    }

    private static string Shorten(string? s) => s is null ? "" : s.Length <= 60 ? s : s[..60] + "…";

    private sealed class Entry(string key, string source, string rule, AlarmRule policy)
    {
        public string Key { get; } = key;
        public string Source { get; } = source;
        public string Rule { get; } = rule;
        public AlarmRule Policy { get; set; } = policy;
        public bool Latch => Policy.Latch;
        public AlarmSeverity Severity { get; set; }
        public string Message { get; set; } = "";
        public IReadOnlyDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();
        public string? Subject { get; set; }
        public string? Guidance { get; set; }
        public IReadOnlyList<AlarmLink> Links { get; set; } = [];
        public bool RawActive { get; set; }
        public DateTimeOffset? SourceSince { get; set; }
        public DateTimeOffset? PendingOnSince { get; set; }
        public int PendingOnCount { get; set; }
        public DateTimeOffset? PendingOffSince { get; set; }
        public bool Active { get; set; }
        public long Activation { get; set; }
        public DateTimeOffset FirstActivated { get; set; }
        public DateTimeOffset ActiveSince { get; set; }
        public DateTimeOffset? ClearedAt { get; set; }
        public DateTimeOffset LastChange { get; set; }
        public int Count { get; set; }
        public long? RunNumber { get; set; }
        public RunState? RunState { get; set; }
        public AlarmDecision? Ack { get; set; }
        public AlarmShelf? Shelf { get; set; }
        public AlarmDecision? OutOfService { get; set; }
        public List<DateTimeOffset> RecentActivations { get; } = [];
        public bool Chattering { get; set; }
        public DateTimeOffset? NotifyDue { get; set; }
        public bool Notified { get; set; }
        public string? SuppressedBy { get; set; }
        public int Affected { get; set; }
        public bool Touched { get; set; } = true;
        public Alarm View { get; set; } = null!;

        public Alarm Build(AlarmDependencies _) => new()
        {
            Key = Key, Source = Source, Rule = Rule, Severity = Severity, Message = Message, Labels = Labels, Subject = Subject,
            Guidance = Guidance ?? Policy.Guidance, Links = Policy.Links.Count == 0 ? Links : [.. Links, .. Policy.Links.Where(l => !Links.Contains(l))], Active = Active, Latched = Latch, Activation = Activation,
            FirstActivated = FirstActivated, ActiveSince = ActiveSince, ClearedAt = ClearedAt, LastChange = LastChange, Count = Count,
            RunNumber = RunNumber, RunState = RunState, Acknowledged = Ack, Shelf = Shelf, OutOfService = OutOfService,
            Chattering = Chattering, SuppressedBy = SuppressedBy, Affected = Affected,
        };
    }
}
