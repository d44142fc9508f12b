using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;

namespace OnlineConsole.Collectors.Redis;

/// <summary>
/// The DAQ side of the Redis contract, simulated: runs the detector simulator against a scratch store and writes
/// what a real run controller and rate publisher would write (docs/contracts.md), and serves run commands on the
/// command channel with a reply per correlation id. Used by `--simulate-into redis://...` and by the tests.
/// </summary>
public sealed class RedisRunControllerSimulator : CollectorService
{
    public const string ControllerSource = "run-control";

    private readonly RedisOptions _redis;
    private readonly SimulatorOptions _sim;
    private readonly ILogger<RedisRunControllerSimulator> _logger;
    private readonly DetectorSimulator _simulator;
    private readonly Lock _writeGate = new();
    private IReadOnlyList<RunRecord> _writtenHistory = [];
    private long _frames;

    public RedisRunControllerSimulator(LiveStore scratch, IOptions<RedisOptions> redis, IOptions<SimulatorOptions> simulator, ILogger<RedisRunControllerSimulator> logger)
        : base(scratch, logger, "redis-writer", "simulator", simulator.Value.FrameInterval, new BackoffPolicy(TimeSpan.FromMilliseconds(250), redis.Value.ReconnectMaxDelay))
    {
        _redis = redis.Value;
        _sim = simulator.Value;
        _logger = logger;
        _simulator = new DetectorSimulator(_sim, scratch);
    }

    public SimulatedRunController RunController => _simulator.RunController;

    /// <summary>When set, the data-flow summary reports this run number instead of the controller's (to exercise conflicts).</summary>
    public long? DataFlowOverride { get; set; }

    /// <summary>Frames written to Redis so far.</summary>
    public long FramesWritten => Interlocked.Read(ref _frames);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await using var link = await RedisLink.ConnectAsync(_redis, "online-console-simulator").ConfigureAwait(false);
        // One command at a time, in the order they were published, as a real run controller applies them.
        await link.SubscribeAsync(_redis.Key(_redis.CommandChannel), message => ServeCommandAsync(link, message)).ConfigureAwait(false);
        _logger.LogInformation("Simulated run controller writing into {Target}", _redis.Describe());
        using var timer = new PeriodicTimer(_sim.FrameInterval, Time);
        do
        {
            if (link.Lost.IsCompleted) throw new IOException(await link.Lost.ConfigureAwait(false));
            _simulator.Step(Time.GetUtcNow());
            await WriteFrameAsync(link).ConfigureAwait(false);
            Interlocked.Increment(ref _frames);
            Health.Succeeded(Time.GetUtcNow());
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task ServeCommandAsync(RedisLink link, string message)
    {
        try
        {
            var (id, request, error) = RedisContract.ParseCommand(message);
            if (id is null)
            {
                Health.CountMalformed();
                _logger.LogWarning("Ignored a run command without a correlation id.");
                return;
            }
            if (request is not null)
            {
                error = RunController.Apply(request.Command, Time.GetUtcNow(), request.RunType, request.Reason);
                _logger.LogInformation("Run command {Command} from {User} ({Id}): {Outcome}", request.Command, request.User, id, error ?? "accepted");
                // The new state is in Redis before the reply, so a console that reads after the ack sees it.
                if (error is null) await WriteRunAsync(link).ConfigureAwait(false);
            }
            await link.PublishAsync(_redis.Key(_redis.ReplyChannel), RedisContract.FormatReply(id, error is null, error)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException)
        {
            // The connection is going away; the command's sender times out, and the frame loop reconnects.
            _logger.LogWarning("Could not answer a run command: {Error}", ex.Message);
        }
    }

    private async Task WriteFrameAsync(RedisLink link)
    {
        await WriteRunAsync(link).ConfigureAwait(false);
        var geometry = Store.Channels.Geometry;
        var rates = new float[geometry.Count];
        Store.Channels.CopyTo(rates, new long[geometry.Count], new ChannelStatus[geometry.Count]);
        var byFamily = Enum.GetValues<PmtType>().ToDictionary(t => t, _ => new List<KeyValuePair<string, string>>());
        for (var i = 0; i < rates.Length; i++)
        {
            var c = geometry.Channels[i];
            byFamily[c.Type].Add(new(c.Id.ToString(CultureInfo.InvariantCulture), rates[i].ToString("0.#", CultureInfo.InvariantCulture)));
        }
        // Each family: one HSET of all its fields, then the notification; all pipelined on one connection.
        var writes = new List<Task>();
        foreach (var (type, fields) in byFamily)
        {
            if (fields.Count == 0) continue;
            writes.Add(link.HashSetAsync(_redis.RatesKey(type), fields));
            writes.Add(link.PublishAsync(_redis.Key(_redis.RatesChannel), type.Code()));
        }
        await Task.WhenAll(writes).ConfigureAwait(false);
    }

    private async Task WriteRunAsync(RedisLink link)
    {
        RunStatus run;
        IReadOnlyList<RunRecord> newRows;
        lock (_writeGate)
        {
            run = RunController.Status;
            var history = RunController.History;
            var lastWritten = _writtenHistory.Count > 0 ? _writtenHistory[0].Number : long.MinValue;
            newRows = [.. history.TakeWhile(r => r.Number > lastWritten).Reverse()];
            _writtenHistory = history;
        }
        var now = Time.GetUtcNow();
        foreach (var row in newRows) await link.PushNewestAsync(_redis.Key(_redis.RunHistoryKey), RedisContract.FormatHistory(row), RunArea.MaxHistory).ConfigureAwait(false);
        await link.HashSetAsync(_redis.Key(_redis.RunKey), RedisContract.FormatRun(run, ControllerSource, now)).ConfigureAwait(false);
        var flowRun = DataFlowOverride ?? run.RunNumber;
        await link.HashSetAsync(_redis.Key(_redis.DataFlowKey), [new("run", flowRun.ToString(CultureInfo.InvariantCulture)), new("updated", now.ToString("O", CultureInfo.InvariantCulture))]).ConfigureAwait(false);
        await link.PublishAsync(_redis.Key(_redis.RunChangedChannel), run.RunNumber.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
    }
}
