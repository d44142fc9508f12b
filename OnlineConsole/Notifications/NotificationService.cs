using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Notifications;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Notifications;
using OnlineConsole.Data;
using OnlineConsole.Hosting;

namespace OnlineConsole.Notifications;

/// <summary>
/// Feeds alarm notices to the planner, writes what it decides to the outbox, and delivers the outbox: claimed with a
/// lease (so two instances on one database never send the same message at once), retried with exponential backoff,
/// dead after Delivery:MaxAttempts. A rate-limited robot gets the messages that do not fit merged into one summary.
/// Each contact point's health is a collector on the Collectors page, and one that keeps failing raises an alarm.
/// </summary>
public sealed partial class NotificationService : BackgroundService
{
    public const string AlarmRule = "notification-contact-point";
    private const int ClaimBatch = 100;

    private readonly LiveStore _store;
    private readonly IAlarmIngest _ingest;
    private readonly NotificationOutbox _outbox;
    private readonly NotificationSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<NotificationService> _logger;
    private readonly TimeZoneInfo _zone;
    private readonly MessageRenderer _renderer;
    private readonly Dictionary<string, CollectorHealth> _health = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private NotificationOptions _options = new();
    private long _version = -1;
    private NotificationPlanner? _planner;
    private ContactPointSenders _senders;
    private HttpClient _http = new();
    private TaskCompletionSource _wakeup = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _lastCycle = DateTimeOffset.MinValue;

    /// <summary>The shortest time between two delivery cycles.</summary>
    private static readonly TimeSpan MinCycle = TimeSpan.FromMilliseconds(100);

    public NotificationService(LiveStore store, IAlarmIngest ingest, NotificationOutbox outbox, NotificationSettings settings,
        IOptions<SiteOptions> site, TimeProvider time, ILogger<NotificationService> logger)
    {
        ArgumentNullException.ThrowIfNull(site);
        _store = store;
        _ingest = ingest;
        _outbox = outbox;
        _settings = settings;
        _time = time;
        _logger = logger;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(site.Value.TimeZone);
        _renderer = new MessageRenderer(_zone, site.Value.PublicUrl);
        _senders = new ContactPointSenders(_options, _http, _renderer, time);
        Owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
        Apply(settings.Current);
    }

    /// <summary>This instance's name on the leases it takes.</summary>
    public string Owner { get; }

    /// <summary>The configuration version delivery works with now.</summary>
    public long Version => _version;

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// Sends one test message to a contact point as an admin entered it (not necessarily saved), at once and outside
    /// the outbox, and returns what the receiver said. Secrets must be resolved already.
    /// </summary>
    public async Task<SendResult> SendTestAsync(ContactPointOptions point, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Validate("ContactPoint").ToList() is { Count: > 0 } errors) return SendResult.Permanent(string.Join(" ", errors));
        var options = new NotificationOptions { ContactPoints = [point], MaxAlarmsPerMessage = _options.MaxAlarmsPerMessage };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var sender = new ContactPointSenders(options, http, _renderer, _time).Find(point.Name)!;
        var now = _time.GetUtcNow();
        var message = new OutgoingNotification
        {
            IdempotencyKey = "test-" + Guid.NewGuid().ToString("N")[..16],
            ContactPoint = point.Name,
            Kind = NotificationKind.Test,
            CreatedAt = now,
        };
        return await sender.SendAsync(message, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes a configuration version: new planner and senders, contact points' health rows added and removed. The
    /// alarms active now are fed to the new planner; a group whose message already went out has the same idempotency
    /// key, so the outbox does not send it again.
    /// </summary>
    private void Apply(NotificationConfig config)
    {
        if (config.Version == _version) return;
        var o = config.Options;
        lock (_gate)
        {
            _options = o;
            _version = config.Version;
            var old = _http;
            // A send must end well inside its lease, or another instance could claim the message while it is still going out.
            _http = new HttpClient { Timeout = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, o.Delivery.Lease.Ticks / 3)) };
            _senders = new ContactPointSenders(o, _http, _renderer, _time);
            old.Dispose();
            _planner = o.Enabled ? new NotificationPlanner(o, _time, _zone) : null;
            if (_planner is not null)
            {
                var now = _time.GetUtcNow();
                var snapshot = _store.Alarms.Snapshot();
                _planner.Update(snapshot);
                foreach (var a in snapshot.Alarms.Where(a => a.Active && a.SuppressedBy is null && a.State is not (AlarmState.Shelved or AlarmState.OutOfService)))
                    _planner.Observe(new AlarmNotice(a, true, now));
            }
            var expected = o.Heartbeat.Interval ?? TimeSpan.FromDays(1);
            foreach (var name in _health.Keys.Where(n => _senders.Find(n) is null).ToList())
            {
                _store.Collectors.Unregister("notify:" + name);
                _health.Remove(name);
                _failures.Remove(name);
            }
            foreach (var s in _senders.All.Where(s => !_health.ContainsKey(s.Name)))
            {
                // Ready to send from the start: a contact point nothing was sent to yet is idle, not "starting" (which holds /readyz).
                var health = _store.Collectors.Register("notify:" + s.Name, "notifications", expected);
                health.SetState(CollectorState.Running);
                _health[s.Name] = health;
            }
        }
        LogApplied(config.Version, o.Enabled, o.ContactPoints.Count);
    }

    /// <summary>
    /// Plans and delivers only on the replica holding the lease. A replica that takes it over plans afresh from the
    /// alarms it was sent: a message the old holder already sent has the same idempotency key, so it is not sent twice.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_store.Leadership.Replicated) return RunAsHolderAsync(stoppingToken);
        return _store.Leadership.RunWhileHolderAsync(ct =>
        {
            lock (_gate) _version = -1;
            Apply(_settings.Current);
            return RunAsHolderAsync(ct);
        }, stoppingToken);
    }

    private async Task RunAsHolderAsync(CancellationToken stoppingToken)
    {
        var notices = Task.Run(() => ReadNoticesAsync(stoppingToken), stoppingToken);
        var lastPoll = DateTimeOffset.MinValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var signal = Volatile.Read(ref _wakeup);
                var now = _time.GetUtcNow();
                // A cycle on the poll interval (settings, retries, escalations) and as soon as a group message is due,
                // but never closer than MinCycle: a flood of notices costs one cycle per MinCycle, not one per alarm.
                var next = lastPoll + _options.Delivery.PollInterval;
                lock (_gate)
                    if (_planner?.NextDue is { } due && due < next) next = due;
                if (next < _lastCycle + MinCycle) next = _lastCycle + MinCycle;
                if (next > now)
                {
                    await WaitAsync(next - now, signal.Task, stoppingToken).ConfigureAwait(false);
                    if (signal.Task.IsCompleted)
                    {
                        Interlocked.CompareExchange(ref _wakeup, new(TaskCreationOptions.RunContinuationsAsynchronously), signal);
                        // Woken by a notice: look at what is due again at most every MinCycle, not once per alarm of a flood
                        // (but never past the message already known to be due).
                        var calm = (next < now + MinCycle ? next : now + MinCycle) - _time.GetUtcNow();
                        if (calm > TimeSpan.Zero) await Task.Delay(calm, _time, stoppingToken).ConfigureAwait(false);
                    }
                    continue;
                }
                _lastCycle = now;
                try
                {
                    if (now >= lastPoll + _options.Delivery.PollInterval)
                    {
                        lastPoll = now;
                        // Another instance (or this one's settings page) may have saved a version.
                        _settings.Refresh();
                        Apply(_settings.Current);
                    }
                    if (_planner is null) continue;
                    Plan();
                    await DeliverAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException or System.Text.Json.JsonException)
                {
                    LogCycleFailed(ex.GetType().Name, ex.Message);
                    // A failing database is tried again at the poll interval, not every MinCycle (and logged as often).
                    _lastCycle = now + _options.Delivery.PollInterval - MinCycle;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        try
        {
            await notices.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Waits for <paramref name="wait"/> or until a notice changed what is due, whichever is first.</summary>
    private async Task WaitAsync(TimeSpan wait, Task signal, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(wait, _time, cts.Token);
        await Task.WhenAny(delay, signal).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
    }

    private async Task ReadNoticesAsync(CancellationToken ct)
    {
        await foreach (var notice in _store.Alarms.Notices.ReadAllAsync(ct).ConfigureAwait(false))
        {
            lock (_gate) _planner?.Observe(notice);
            Volatile.Read(ref _wakeup).TrySetResult();
        }
    }

    private void Plan()
    {
        IReadOnlyList<OutgoingNotification> due;
        lock (_gate)
        {
            if (_planner is null) return;
            _planner.Update(_store.Alarms.Snapshot());
            due = _planner.Due();
        }
        if (due.Count > 0) _outbox.Enqueue(due, _time.GetUtcNow());
    }

    /// <summary>One delivery pass over the due messages; returns how many were sent.</summary>
    public async Task<int> DeliverAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var claimed = _outbox.Claim(Owner, now, _options.Delivery.Lease, ClaimBatch);
        var sent = 0;
        foreach (var byPoint in claimed.GroupBy(e => e.ContactPoint, StringComparer.Ordinal))
        {
            var entries = byPoint.ToList();
            var sender = _senders.Find(byPoint.Key);
            if (sender is null)
            {
                foreach (var e in entries) _outbox.MarkFailed(e.Key, Owner, $"no contact point named '{byPoint.Key}'", now, dead: true);
                continue;
            }
            var available = sender.Available;
            if (available == 0)
            {
                foreach (var e in entries) _outbox.Release(e.Key, Owner, now + TimeSpan.FromSeconds(5));
                continue;
            }
            // More than the robot takes this minute: the last slot carries all the rest as one summary.
            var batches = entries.Count <= available
                ? entries.Select(e => (IReadOnlyList<OutboxEntry>)[e]).ToList()
                : [.. entries.Take(available - 1).Select(e => (IReadOnlyList<OutboxEntry>)[e]), entries.Skip(available - 1).ToList()];
            foreach (var batch in batches)
            {
                var message = NotificationMerge.Merge([.. batch.Select(e => e.Notification)]);
                var result = await sender.SendAsync(message, ct).ConfigureAwait(false);
                now = _time.GetUtcNow();
                if (result.Sent)
                {
                    foreach (var e in batch) _outbox.MarkSent(e.Key, Owner, now);
                    sent += batch.Count;
                    Succeeded(sender.Name, now);
                }
                else Failed(sender.Name, batch, result, now);
            }
        }
        return sent;
    }

    private void Succeeded(string name, DateTimeOffset now)
    {
        _health[name].Succeeded(now);
        if (_failures.GetValueOrDefault(name) >= _options.Delivery.AlarmAfterFailures)
            _ingest.Submit([Signal(name, active: false, "sends again")]);
        _failures[name] = 0;
    }

    private void Failed(string name, IReadOnlyList<OutboxEntry> batch, SendResult result, DateTimeOffset now)
    {
        var error = result.Error ?? "failed";
        foreach (var e in batch)
        {
            var attempt = e.Attempts + 1;
            var dead = !result.Retryable || attempt >= _options.Delivery.MaxAttempts;
            var wait = _options.Delivery.Backoff(attempt);
            if (result.RetryAfter is { } after && after > wait) wait = after;
            _outbox.MarkFailed(e.Key, Owner, error, now + wait, dead);
            if (dead) LogDeadLetter(e.Key, name, attempt, error);
        }
        _health[name].Failed(now, error);
        var failures = _failures[name] = _failures.GetValueOrDefault(name) + 1;
        LogSendFailed(name, failures, error);
        if (failures == _options.Delivery.AlarmAfterFailures) _ingest.Submit([Signal(name, active: true, error)]);
    }

    private static AlarmSignal Signal(string name, bool active, string detail) =>
        new("notify:" + name, active, AlarmSeverity.Major, $"Contact point {name} cannot deliver notifications: {detail}")
        {
            Source = "console",
            Rule = AlarmRule,
            Labels = new Dictionary<string, string> { ["area"] = "console", ["contact_point"] = name },
            Guidance = "Check the contact point's settings and the receiver; pending messages are kept and retried.",
        };

    [LoggerMessage(Level = LogLevel.Information, Message = "Notifications use configuration version {Version} (enabled {Enabled}, {Points} contact point(s))")]
    private partial void LogApplied(long version, bool enabled, int points);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification cycle failed: {Type}: {Error}")]
    private partial void LogCycleFailed(string type, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact point {Name} failed ({Failures} in a row): {Error}")]
    private partial void LogSendFailed(string name, int failures, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification {Key} to {Name} is a dead letter after {Attempts} attempt(s): {Error}")]
    private partial void LogDeadLetter(string key, string name, int attempts, string error);
}
