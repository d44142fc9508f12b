using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;

namespace OnlineConsole.Collectors.Redis;

/// <summary>
/// Reads run state and per-channel dark count rates from Redis (docs/contracts.md). Notifications only mark what
/// is dirty; one reader loop then reads each dirty item in one round trip, so a burst of notifications costs one
/// read. It is also the console's run-control client: commands are published with a correlation id and the reply
/// is awaited with a timeout.
/// </summary>
public sealed class RedisCollector : CollectorService, IRunControl
{
    public const string SourceName = "redis";
    public const string DataFlowSource = "data-flow";

    private readonly RedisOptions _options;
    private readonly ILogger<RedisCollector> _logger;
    private readonly MalformedLog _malformedLog = new();
    private readonly Channel<bool> _runWake = Wake();
    private readonly Channel<bool> _ratesWake = Wake();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RunCommandResult>> _pending = new(StringComparer.Ordinal);
    private readonly float[] _frame;
    private int _dirtyFamilies;
    private RedisLink? _link;

    public RedisCollector(LiveStore store, IOptions<RedisOptions> options, ILogger<RedisCollector> logger)
        : base(store, logger, "redis", SourceName, options.Value.ExpectedInterval,
            new BackoffPolicy(TimeSpan.FromMilliseconds(250), options.Value.ReconnectMaxDelay))
    {
        _options = options.Value;
        _logger = logger;
        _frame = new float[store.Channels.Geometry.Count];
    }

    public string Target => _options.Describe();

    /// <summary>True while a link to Redis is up.</summary>
    public bool Connected => Volatile.Read(ref _link) is { Lost.IsCompleted: false };

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var link = await RedisLink.ConnectAsync(_options, "online-console").ConfigureAwait(false);
        try
        {
            await link.SubscribeAsync(_options.Key(_options.RunChangedChannel), _ => _runWake.Writer.TryWrite(true)).ConfigureAwait(false);
            await link.SubscribeAsync(_options.Key(_options.RatesChannel), OnRatesNotification).ConfigureAwait(false);
            await link.SubscribeAsync(_options.Key(_options.ReplyChannel), OnReply).ConfigureAwait(false);
            Volatile.Write(ref _link, link);
            _logger.LogInformation("Redis source connected: {Target}", _options.Describe());
            // Whatever changed while we were away: read everything once.
            _runWake.Writer.TryWrite(true);
            MarkFamilies(AllFamilies());
            // Two readers, so a large rate read never delays the run state behind it.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var runLoop = ReadLoopAsync(_runWake, TimeSpan.Zero, () => ReadRunAsync(link), stop.Token);
            var ratesLoop = ReadLoopAsync(_ratesWake, _options.RatesSettle, () => ReadRatesAsync(link, Interlocked.Exchange(ref _dirtyFamilies, 0)), stop.Token);
            var done = await Task.WhenAny(runLoop, ratesLoop, link.Lost).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            if (done == link.Lost) throw new IOException(await link.Lost.ConfigureAwait(false));
            await done.ConfigureAwait(false);
        }
        finally
        {
            Interlocked.CompareExchange(ref _link, null, link);
            await link.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ReadLoopAsync(Channel<bool> wake, TimeSpan settle, Func<Task> read, CancellationToken stoppingToken)
    {
        while (await wake.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            if (settle > TimeSpan.Zero) await Task.Delay(settle, Time, stoppingToken).ConfigureAwait(false);
            // Notifications that arrive during a read are merged into the next one.
            wake.Reader.TryRead(out _);
            await read().ConfigureAwait(false);
            Health.Succeeded(Time.GetUtcNow());
        }
    }

    public async Task<RunCommandResult> SendAsync(RunCommandRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = Guid.NewGuid().ToString("N");
        var link = Volatile.Read(ref _link);
        if (link is null || link.Lost.IsCompleted) return new RunCommandResult(id, RunCommandOutcome.Rejected, "Redis is not connected; the command was not sent.");
        var reply = new TaskCompletionSource<RunCommandResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            var receivers = await link.PublishAsync(_options.Key(_options.CommandChannel), RedisContract.FormatCommand(id, request)).ConfigureAwait(false);
            if (receivers == 0) return new RunCommandResult(id, RunCommandOutcome.Rejected, "No run controller is listening on " + _options.Key(_options.CommandChannel) + ".");
            var timeout = Task.Delay(_options.CommandTimeout, Time, cancellationToken);
            var done = await Task.WhenAny(reply.Task, timeout).ConfigureAwait(false);
            return done == reply.Task ? await reply.Task.ConfigureAwait(false) : new RunCommandResult(id, RunCommandOutcome.TimedOut, null);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException)
        {
            return new RunCommandResult(id, RunCommandOutcome.Rejected, "Redis error: " + ex.Message);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private void OnReply(string message)
    {
        var reply = RedisContract.ParseReply(message);
        if (reply is null)
        {
            Malformed(_options.Key(_options.ReplyChannel), "reply is not a JSON object with an id");
            return;
        }
        if (_pending.TryGetValue(reply.Id!, out var tcs))
            tcs.TrySetResult(new RunCommandResult(reply.Id!, reply.Accepted ? RunCommandOutcome.Accepted : RunCommandOutcome.Rejected, reply.Detail));
    }

    private void OnRatesNotification(string message)
    {
        // The message names the family that was fully written; anything else means "all of them".
        MarkFamilies(PmtTypes.TryParse(message.Trim(), out var type) ? 1 << (int)type : AllFamilies());
    }

    private void MarkFamilies(int bits)
    {
        Interlocked.Or(ref _dirtyFamilies, bits);
        _ratesWake.Writer.TryWrite(true);
    }

    private static Channel<bool> Wake() => Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private static int AllFamilies() => (1 << (int)PmtType.Dynode) | (1 << (int)PmtType.Mcp) | (1 << (int)PmtType.Small);

    private async Task ReadRunAsync(RedisLink link)
    {
        // Issued together so they travel as one pipelined round trip.
        var runTask = link.HashGetAllAsync(_options.Key(_options.RunKey));
        var flowTask = link.HashGetAllAsync(_options.Key(_options.DataFlowKey));
        var historyTask = link.ListRangeAsync(_options.Key(_options.RunHistoryKey), 0, _options.HistoryRows - 1);
        var runFields = await runTask.ConfigureAwait(false);
        var flowFields = await flowTask.ConfigureAwait(false);
        var history = await historyTask.ConfigureAwait(false);
        var now = Time.GetUtcNow();
        Health.CountReceived();

        var (run, source, error) = RedisContract.ParseRun(runFields);
        if (error is not null) Malformed(_options.Key(_options.RunKey), error);
        else if (run is not null)
        {
            var before = Store.Run.Snapshot().Status;
            Store.Run.Report(run, new SourceStamp(SourceName, now), source);
            if (before is not null && run.RunNumber < before.RunNumber && _malformedLog.ShouldLog("backwards:" + _options.RunKey, now))
                _logger.LogWarning("Redis run number went backwards ({Before} -> {After}); the console keeps {Before}.", before.RunNumber, run.RunNumber, before.RunNumber);
        }

        var (flowRun, flowError) = RedisContract.ParseDataFlowRun(flowFields);
        if (flowError is not null) Malformed(_options.Key(_options.DataFlowKey), flowError);
        else if (flowRun is { } n && Store.Run.ReportWitness(DataFlowSource, n, now) is { } conflict)
        {
            _logger.LogWarning("Run number conflict: {Source} says {Number}, {Other} says {OtherNumber}; showing {Number}.",
                conflict.AuthoritativeSource, conflict.AuthoritativeNumber, conflict.OtherSource, conflict.OtherNumber, conflict.AuthoritativeNumber);
        }

        var rows = new List<RunRecord>(history.Length);
        foreach (var h in history)
        {
            if (RedisContract.ParseHistory(h) is { } r) rows.Add(r);
            else Malformed(_options.Key(_options.RunHistoryKey), "history entry is not a run record: " + Clip(h));
        }
        Store.Run.SetHistory(rows);
    }

    private async Task ReadRatesAsync(RedisLink link, int dirty)
    {
        if (dirty == 0) return;
        var geometry = Store.Channels.Geometry;
        Array.Fill(_frame, float.NaN);
        long malformed = 0, received = 0;
        string? firstProblem = null, problemKey = null;
        foreach (var family in Enum.GetValues<PmtType>())
        {
            if ((dirty & (1 << (int)family)) == 0) continue;
            var key = _options.RatesKey(family);
            // Parsed straight from the reply's bytes: 43,212 fields a second would otherwise be 86,424 strings.
            received += await link.HashGetAllAsync(key, (field, value) =>
            {
                var problem = RateProblem(geometry, family, field, value, out var index, out var rate);
                if (problem is null)
                {
                    _frame[index] = rate;
                    return;
                }
                malformed++;
                if (firstProblem is not null) return;
                firstProblem = problem;
                problemKey = key;
            }).ConfigureAwait(false);
        }
        Health.CountReceived(received);
        if (malformed > 0)
        {
            Health.CountMalformed(malformed);
            if (_malformedLog.ShouldLog(problemKey!, Time.GetUtcNow()))
                _logger.LogWarning("Redis {Key}: {Count} malformed rate fields ignored, e.g. {Problem}.", problemKey, malformed, firstProblem);
        }
        Store.Channels.Write(0, _frame, new SourceStamp(SourceName, Time.GetUtcNow()));
    }

    /// <summary>Null when the field is a known channel of <paramref name="family"/> with a usable rate.</summary>
    internal static string? RateProblem(DetectorGeometry geometry, PmtType family, ReadOnlySpan<byte> field, ReadOnlySpan<byte> value, out int index, out float rate)
    {
        rate = 0;
        if (!int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) || !geometry.TryGetIndex(id, out index))
        {
            index = -1;
            return $"unknown channel id '{Clip(field)}'";
        }
        if (geometry.Channels[index].Type != family) return $"channel {id} is not a {family.Code()} PMT";
        if (!float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) || !float.IsFinite(rate) || rate < 0)
            return $"rate '{Clip(value)}' of channel {id} is not a non-negative number";
        return null;
    }

    private static string Clip(ReadOnlySpan<byte> utf8) => Clip(Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, 64)]));

    private void Malformed(string key, string problem)
    {
        Health.CountMalformed();
        if (_malformedLog.ShouldLog(key, Time.GetUtcNow())) _logger.LogWarning("Redis {Key}: malformed value ignored: {Problem}.", key, problem);
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
