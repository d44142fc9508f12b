using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Redis;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Logs;
using OnlineConsole.Core.Network;
using OnlineConsole.Collectors.Replication;
using OnlineConsole.Data;

namespace OnlineConsole.Replication;

/// <summary>
/// The replica bus over Redis pub/sub. The replica holding the lease publishes what only it collects or keeps: the
/// alarm changes it wrote to the database (numbered, so a replica that missed one re-reads the alarms from the
/// database), the network snapshot it polled, and the syslog lines it received. The others hand it the alarm signals
/// posted to them and the operators' alarm commands, and wait for its answer. Pub/sub loses what is sent while a
/// replica is disconnected: the database stays the truth for alarms, and the network and syslog turn stale as any
/// source that stops. On a single console every call runs locally.
/// </summary>
public sealed partial class ReplicaSync : BackgroundService, IAlarmCommands
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2);

    private readonly LiveStore _store;
    private readonly AlarmJournal _journal;
    private readonly HaOptions _options;
    private readonly ILogger<ReplicaSync> _logger;
    private readonly CollectorHealth? _health;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<AlarmCommandResult>> _pending = new(StringComparer.Ordinal);
    private readonly Lock _alarmGate = new();
    private const int MaxRemembered = 20_000;
    private static readonly TimeSpan ReplayWindow = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, (AlarmSignal Signal, DateTimeOffset At)> _forwarded = new(StringComparer.Ordinal);
    private long _replayedEpoch;
    private readonly SettingsStore _settings;
    private RedisLink? _link;

    /// <summary>Raised when another replica saved a setting (its name): the settings of that name are read again.</summary>
    public event Action<string>? SettingsSavedElsewhere;
    private long _publishedSeq;
    private long _publishedEpoch = -1;
    private long _seenSeq = -1;
    private long _seenEpoch = -1;
    private long _bytesOut, _bytesIn, _resyncs;

    public ReplicaSync(LiveStore store, AlarmJournal journal, SettingsStore settings, IOptions<HaOptions> options, ILogger<ReplicaSync> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _journal = journal;
        _options = options.Value;
        _logger = logger;
        if (Replicated) _health = store.Collectors.Register("ha:bus", "ha", Heartbeat);
    }

    private bool Replicated => _store.Leadership.Replicated;
    private string Me => _store.Leadership.Replica;
    private string Channel(string topic) => _options.Bus.Key(topic);

    public long BytesOut => Interlocked.Read(ref _bytesOut);
    public long BytesIn => Interlocked.Read(ref _bytesIn);

    /// <summary>Times this replica re-read the alarms from the database because it missed a change.</summary>
    public long Resyncs => Interlocked.Read(ref _resyncs);

    /// <summary>Runs an operator command here when this replica keeps the alarms, else hands it to the holder and waits.</summary>
    public async Task<AlarmCommandResult> RunAsync(AlarmCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!Replicated || _store.Leadership.IsHolder) return _store.Alarms.Execute(command);
        var link = _link ?? throw new InvalidOperationException("the replica bus is not connected: the replica holding the alarms cannot be reached");
        var holder = _store.Leadership.Holder ?? throw new InvalidOperationException("no replica holds the lease now; try again in a few seconds");
        var id = Guid.NewGuid().ToString("N");
        var answer = new TaskCompletionSource<AlarmCommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            await PublishAsync(link, "alarm-commands", new CommandMessage(Me, id, command));
            return await answer.Task.WaitAsync(_options.CommandTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the replica holding the alarms ({holder}) did not answer within {_options.CommandTimeout.TotalSeconds:0} s; the command may still have been done — check the alarm before repeating it");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Called by the holder after it wrote alarm changes to the database: the others take them.</summary>
    public void PublishAlarms(AlarmChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (!Replicated || changes.IsEmpty || _link is not { } link || !_store.Leadership.IsHolder) return;
        AlarmMessage message;
        lock (_alarmGate)
        {
            if (_publishedEpoch != _store.Leadership.Epoch)
            {
                _publishedEpoch = _store.Leadership.Epoch;
                _publishedSeq = 0;
            }
            message = new AlarmMessage(Me, _publishedEpoch, ++_publishedSeq, changes);
            _ = PublishAsync(link, "alarms", message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Replicated || _health is null) return;
        _store.Leadership.Changed += (_, _) => FollowLeadership();
        _settings.Saved += name => { if (_link is { } l) _ = PublishAsync(l, "settings", new SettingsMessage(Me, name)); };
        FollowLeadership();
        var backoff = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            RedisLink? link = null;
            try
            {
                link = await RedisLink.ConnectAsync(_options.Bus, "onlineconsole-" + Me);
                await link.SubscribeBytesAsync(Channel("alarms"), Receive<AlarmMessage>(OnAlarms));
                await link.SubscribeBytesAsync(Channel("alarm-signals"), Receive<SignalsMessage>(OnSignals));
                await link.SubscribeBytesAsync(Channel("alarm-commands"), Receive<CommandMessage>(OnCommand));
                await link.SubscribeBytesAsync(Channel("alarm-replies"), Receive<ReplyMessage>(OnReply));
                await link.SubscribeBytesAsync(Channel("network"), Receive<NetworkMessage>(OnNetwork));
                await link.SubscribeBytesAsync(Channel("logs"), Receive<LogsMessage>(OnLogs));
                await link.SubscribeBytesAsync(Channel("settings"), Receive<SettingsMessage>(m => { if (m.From != Me) SettingsSavedElsewhere?.Invoke(m.Name); }));
                _link = link;
                backoff = 0;
                _health.SetState(CollectorState.Running);
                _health.Succeeded(_store.Time.GetUtcNow());
                // Whatever was sent while this replica was away is in the database.
                if (!_store.Leadership.IsHolder) Resync("connected");
                var run = RunConnectedAsync(link, stoppingToken);
                if (await Task.WhenAny(link.Lost, run) == run) await run; // stopping, or a failure to report
                else throw new IOException(await link.Lost);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The bus comes back: retry with backoff, the page shows the outage.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _health.Failed(_store.Time.GetUtcNow(), ex.Message);
                if (ShouldLog("bus")) LogBusDown(ex.Message);
            }
            finally
            {
                _link = null;
                if (link is not null) await link.DisposeAsync();
            }
            try
            {
                await Task.Delay(Collectors.Hosting.BackoffPolicy.Default.Delay(++backoff), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        _health.SetState(CollectorState.Stopped);
    }

    private async Task RunConnectedAsync(RedisLink link, CancellationToken ct)
    {
        using var network = _store.Changes.Subscribe(StoreArea.Network);
        var logsAfter = _store.Logs.LastSequence;
        var lastBeat = DateTimeOffset.MinValue;
        NetworkSnapshot? sent = null;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (await timer.WaitForNextTickAsync(ct))
        {
            var now = _store.Time.GetUtcNow();
            var holder = _store.Leadership.IsHolder;
            if (!holder)
            {
                logsAfter = _store.Logs.LastSequence;
                while (network.Reader.TryRead(out _)) { }
            }
            else
            {
                // Network: the holder's poll, once per new snapshot.
                var changed = false;
                while (network.Reader.TryRead(out _)) changed = true;
                var snapshot = _store.Network.Snapshot;
                if ((changed || sent is null) && !ReferenceEquals(snapshot, sent) && snapshot.Devices.Count > 0)
                {
                    sent = snapshot;
                    if (_store.Network.Stamp is { } stamp) await PublishAsync(link, "network", new NetworkMessage(Me, stamp, snapshot));
                }
                // Syslog: only the holder listens; the others get its lines.
                var slice = _store.Logs.Since(logsAfter, 5_000);
                logsAfter = slice.LastSequence;
                var lines = slice.Entries.Where(e => e.Origin == LogOrigin.Syslog).ToList();
                if (lines.Count > 0) await PublishAsync(link, "logs", new LogsMessage(Me, lines));
                if (now - lastBeat >= Heartbeat)
                {
                    lastBeat = now;
                    Task beat;
                    lock (_alarmGate)
                    {
                        if (_publishedEpoch != _store.Leadership.Epoch)
                        {
                            _publishedEpoch = _store.Leadership.Epoch;
                            _publishedSeq = 0;
                        }
                        beat = PublishAsync(link, "alarms", new AlarmMessage(Me, _publishedEpoch, _publishedSeq, null));
                    }
                    await beat;
                }
            }
            _health!.SetGauge("bytes out", BytesOut);
            _health.SetGauge("bytes in", BytesIn);
            _health.SetGauge("resyncs", Resyncs);
            _health.Succeeded(now);
        }
    }

    /// <summary>A replica that does not hold the lease sends posted alarm signals to the one that does.</summary>
    private void FollowLeadership()
    {
        var epoch = _store.Leadership.Epoch;
        var newHolder = epoch > 0 && Interlocked.Exchange(ref _replayedEpoch, epoch) != epoch;
        if (_store.Leadership.IsHolder)
        {
            _store.Alarms.Forward = null;
        }
        else
        {
            _store.Alarms.Forward = signals =>
            {
                Remember(signals);
                if (_link is { } link) _ = PublishAsync(link, "alarm-signals", new SignalsMessage(Me, [.. signals]));
                else _health?.CountDropped(signals.Count);
            };
            lock (_alarmGate) _seenEpoch = -1; // the new holder numbers from 1
        }
        if (newHolder) ReplayForwarded();
    }

    /// <summary>
    /// Signals handed over in the last <see cref="ReplayWindow"/>, the latest per key: a holder that dies right after
    /// it was sent one has not written it anywhere, so they are given again to whoever holds the lease next (this
    /// replica included). Signals are states, so a repeat changes nothing where one already arrived.
    /// </summary>
    private void Remember(IReadOnlyList<AlarmSignal> signals)
    {
        var now = _store.Time.GetUtcNow();
        lock (_forwarded)
        {
            foreach (var s in signals) _forwarded[s.Key] = (s, now);
            if (_forwarded.Count > MaxRemembered)
                foreach (var k in _forwarded.Where(kv => now - kv.Value.At > ReplayWindow).Select(kv => kv.Key).ToList()) _forwarded.Remove(k);
        }
    }

    private List<AlarmSignal> Recent()
    {
        var now = _store.Time.GetUtcNow();
        lock (_forwarded)
        {
            foreach (var k in _forwarded.Where(kv => now - kv.Value.At > ReplayWindow).Select(kv => kv.Key).ToList()) _forwarded.Remove(k);
            return [.. _forwarded.Values.Select(v => v.Signal)];
        }
    }

    /// <summary>A new holder (another epoch): what was handed to the old one in the last seconds goes again.</summary>
    private void ReplayForwarded()
    {
        var recent = Recent();
        if (recent.Count == 0) return;
        if (_store.Leadership.IsHolder) _store.Alarms.Submit(recent);
        else if (_link is { } link) _ = PublishAsync(link, "alarm-signals", new SignalsMessage(Me, recent));
    }

    private void OnAlarms(AlarmMessage m)
    {
        if (m.From == Me || _store.Leadership.IsHolder) return;
        bool gap;
        lock (_alarmGate)
        {
            gap = m.Changes is null
                ? m.Epoch != _seenEpoch || m.Seq != _seenSeq
                : m.Epoch != _seenEpoch || m.Seq != _seenSeq + 1;
            _seenEpoch = m.Epoch;
            _seenSeq = m.Seq;
        }
        if (gap)
        {
            // Missed a change (or a new holder): the database has everything the holder published.
            Resync(m.Changes is null ? "heartbeat" : "gap");
            if (m.Changes is { Events.Count: > 0 } withEvents) _store.Alarms.Mirror(new AlarmChanges([], [], withEvents.Events));
            return;
        }
        if (m.Changes is { } changes) _store.Alarms.Mirror(changes);
    }

    private void Resync(string why)
    {
        try
        {
            _store.Alarms.Mirror(new AlarmChanges(_journal.Load(), [], []), replaceAll: true);
            Interlocked.Increment(ref _resyncs);
            LogResync(why);
        }
#pragma warning disable CA1031 // The database may be away; the next heartbeat tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            lock (_alarmGate) _seenEpoch = -1;
            if (ShouldLog("resync")) LogResyncFailed(ex.Message);
        }
    }

    private void OnSignals(SignalsMessage m)
    {
        if (m.From == Me || !_store.Leadership.IsHolder) return;
        var result = _store.Alarms.Submit(m.Signals);
        if (!result.AllAccepted) _health?.CountMalformed("alarm-signals:" + m.From, result.Errors.Count);
    }

    private void OnCommand(CommandMessage m)
    {
        if (m.From == Me || !_store.Leadership.IsHolder || _link is not { } link) return;
        AlarmCommandResult result;
        try
        {
            result = _store.Alarms.Execute(m.Command);
        }
#pragma warning disable CA1031 // The asking replica gets the reason.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = new AlarmCommandResult(AlarmCommandStatus.Invalid, ex.Message);
        }
        _ = PublishAsync(link, "alarm-replies", new ReplyMessage(Me, m.From, m.Id, result));
    }

    private void OnReply(ReplyMessage m)
    {
        if (m.To == Me && _pending.TryRemove(m.Id, out var answer)) answer.TrySetResult(m.Result);
    }

    private void OnNetwork(NetworkMessage m)
    {
        if (m.From == Me || _store.Leadership.IsHolder) return;
        _store.Network.Replace(m.Snapshot, m.Stamp);
    }

    private void OnLogs(LogsMessage m)
    {
        if (m.From == Me || _store.Leadership.IsHolder) return;
        _store.Logs.Append(m.Lines);
    }

    private readonly ConcurrentDictionary<string, DateTimeOffset> _loggedAt = new(StringComparer.Ordinal);

    /// <summary>One warning a minute per kind of trouble: a bus that keeps failing must not flood the log.</summary>
    private bool ShouldLog(string kind)
    {
        var now = _store.Time.GetUtcNow();
        if (_loggedAt.TryGetValue(kind, out var at) && now - at < TimeSpan.FromMinutes(1)) return false;
        _loggedAt[kind] = now;
        return true;
    }

    private Action<byte[]> Receive<T>(Action<T> handle) => bytes =>
    {
        Interlocked.Add(ref _bytesIn, bytes.Length);
        try
        {
            handle(ReplicaCodec.Decode<T>(bytes));
        }
#pragma warning disable CA1031 // A bad message is counted and logged; the bus goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _health?.CountMalformed(typeof(T).Name, 1);
            if (ShouldLog("read:" + typeof(T).Name)) LogBadMessage(typeof(T).Name, ex.Message);
        }
    };

    // Serialized and handed to the connection before the first await: messages go out in the order of the calls
    // (alarm changes and heartbeats are numbered under one lock and must arrive in that order).
    private async Task PublishAsync<T>(RedisLink link, string topic, T message)
    {
        try
        {
            var bytes = ReplicaCodec.Encode(message);
            await link.PublishAsync(Channel(topic), bytes);
            Interlocked.Add(ref _bytesOut, bytes.Length);
        }
#pragma warning disable CA1031 // A lost publish: the database (alarms) or the next snapshot (network) makes up for it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _health?.CountDropped();
            if (ShouldLog("publish:" + topic)) LogPublishFailed(topic, ex.Message);
        }
    }

    private sealed record AlarmMessage(string From, long Epoch, long Seq, AlarmChanges? Changes);
    private sealed record SignalsMessage(string From, List<AlarmSignal> Signals);
    private sealed record CommandMessage(string From, string Id, AlarmCommand Command);
    private sealed record ReplyMessage(string From, string To, string Id, AlarmCommandResult Result);
    private sealed record NetworkMessage(string From, SourceStamp Stamp, NetworkSnapshot Snapshot);
    private sealed record LogsMessage(string From, List<LogEntry> Lines);
    private sealed record SettingsMessage(string From, string Name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica bus: {Error}")]
    private partial void LogBusDown(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica bus: alarms re-read from the database ({Why})")]
    private partial void LogResync(string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica bus: re-reading the alarms failed: {Error}")]
    private partial void LogResyncFailed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica bus: a {Kind} could not be read: {Error}")]
    private partial void LogBadMessage(string kind, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica bus: publishing to {Topic} failed: {Error}")]
    private partial void LogPublishFailed(string topic, string error);
}
