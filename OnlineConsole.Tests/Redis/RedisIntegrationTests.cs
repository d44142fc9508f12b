using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Redis;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Redis;

/// <summary>
/// The collector and the simulated run controller against a real redis-server started by each test on a free
/// port: both sides of docs/contracts.md, end to end.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RedisIntegrationTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly DetectorGeometry _geometry = TestStores.SmallGeometry();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Microsoft.Extensions.Hosting.BackgroundService> _started = [];
    private RedisServer _redis = null!;

    public RedisIntegrationTests() => _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var s in _started) await s.StopAsync(CancellationToken.None);
        _stop.Dispose();
        await _redis.DisposeAsync();
        _loggerFactory.Dispose();
    }

    private RedisOptions Options_(TimeSpan? commandTimeout = null) => new()
    {
        Endpoints = [_redis.Endpoint],
        CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(5),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
    };

    private static SimulatorOptions SimOptions() => new()
    {
        AutoCycle = false,
        FrameInterval = TimeSpan.FromMilliseconds(200),
        NetworkInterval = TimeSpan.FromSeconds(1),
        ConfigureTime = TimeSpan.FromSeconds(1),
        StoppedTime = TimeSpan.FromSeconds(1),
        PauseLength = TimeSpan.FromSeconds(1),
        Servers = 0,
    };

    private LiveStore NewStore() => TestStores.Create(TimeProvider.System, geometry: _geometry);

    private async Task<(RedisCollector Collector, LiveStore Store)> StartCollectorAsync(RedisOptions? options = null)
    {
        var store = NewStore();
        var collector = new RedisCollector(store, Options.Create(options ?? Options_()), _loggerFactory.CreateLogger<RedisCollector>());
        await collector.StartAsync(_stop.Token);
        _started.Add(collector);
        return (collector, store);
    }

    private async Task<(RedisRunControllerSimulator Writer, LiveStore Scratch)> StartWriterAsync()
    {
        var scratch = NewStore();
        var writer = new RedisRunControllerSimulator(scratch, Options.Create(Options_()), Options.Create(SimOptions()), _loggerFactory.CreateLogger<RedisRunControllerSimulator>());
        await writer.StartAsync(_stop.Token);
        _started.Add(writer);
        return (writer, scratch);
    }

    /// <summary>Subscribers of the command channel, as Redis itself counts them.</summary>
    private int CommandListeners()
    {
        using var cli = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("redis-cli", ["-p", _redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "PUBSUB", "NUMSUB", "juno:run:commands"]) { RedirectStandardOutput = true })!;
        var lines = cli.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        cli.WaitForExit();
        return lines.Length == 2 && int.TryParse(lines[1], System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    private async Task<RedisLink> RawLinkAsync() => await RedisLink.ConnectAsync(Options_(), "test");

    [Fact]
    public async Task Run_and_rates_written_by_the_run_controller_arrive_in_the_console_store()
    {
        var (writer, scratch) = await StartWriterAsync();
        var (collector, store) = await StartCollectorAsync();
        writer.RunController.Apply(RunCommand.Configure, DateTimeOffset.UtcNow, "physics");
        writer.RunController.Apply(RunCommand.Start, DateTimeOffset.UtcNow, "physics");

        await Poll.UntilAsync(() => store.Run.Snapshot().Status?.State == RunState.Running, Deadline, "the console sees the run running");
        var expected = writer.RunController.Status;
        var (seen, stamp) = store.Run.Snapshot();
        Assert.Equal(expected.RunNumber, seen!.RunNumber);
        Assert.Equal("physics", seen.RunType);
        Assert.Equal(RedisCollector.SourceName, stamp!.Value.Source);

        // Every channel gets the rate the simulator published (to the 0.1 Hz the wire format keeps).
        await Poll.UntilAsync(() => Enumerable.Range(0, _geometry.Count).All(i => !float.IsNaN(store.Channels.Read(i).Rate)), Deadline, "all channels have a rate");
        await Poll.UntilAsync(() => Enumerable.Range(0, _geometry.Count).All(i => Math.Abs(store.Channels.Read(i).Rate - scratch.Channels.Read(i).Rate) <= 0.06f), Deadline,
            "the console's rates equal the simulator's");
        Assert.Equal(Freshness.Fresh, store.ChannelFreshness(DateTimeOffset.UtcNow));

        writer.RunController.Apply(RunCommand.Stop, DateTimeOffset.UtcNow, reason: "beam off");
        await Poll.UntilAsync(() => store.Run.History.Count == 1, Deadline, "the stopped run is in the history");
        var row = store.Run.History[0];
        Assert.Equal(expected.RunNumber, row.Number);
        Assert.Equal("beam off", row.StopReason);
        Assert.NotNull(row.Duration);
        Assert.Equal(0, collector.Health.Snapshot().Malformed);
    }

    [Fact]
    public async Task Run_commands_round_trip_through_redis_to_the_run_controller()
    {
        var (writer, _) = await StartWriterAsync();
        var (collector, store) = await StartCollectorAsync();
        await Poll.UntilAsync(() => collector.Connected && writer.FramesWritten > 0, Deadline, "both sides connected");

        var configure = await collector.SendAsync(new RunCommandRequest(RunCommand.Configure, "alice", RunType: "calibration"));
        Assert.Equal(RunCommandOutcome.Accepted, configure.Outcome);
        var start = await collector.SendAsync(new RunCommandRequest(RunCommand.Start, "alice", RunType: "calibration", Comment: "laser scan"));
        Assert.Equal(RunCommandOutcome.Accepted, start.Outcome);
        Assert.NotEqual(configure.CorrelationId, start.CorrelationId);
        await Poll.UntilAsync(() => store.Run.Snapshot().Status is { State: RunState.Running, RunType: "calibration" }, Deadline, "the console shows the started run");

        // The run controller's refusal comes back as the reply, with its reason.
        var resume = await collector.SendAsync(new RunCommandRequest(RunCommand.Resume, "alice"));
        Assert.Equal(RunCommandOutcome.Rejected, resume.Outcome);
        Assert.Contains("not allowed", resume.Detail, StringComparison.Ordinal);
        Assert.Equal(RunState.Running, writer.RunController.Status.State);
    }

    [Fact]
    public async Task A_command_nobody_answers_times_out_and_one_nobody_hears_is_rejected()
    {
        var (collector, _) = await StartCollectorAsync(Options_(TimeSpan.FromMilliseconds(300)));
        await Poll.UntilAsync(() => collector.Connected, Deadline, "collector connected");
        var unheard = await collector.SendAsync(new RunCommandRequest(RunCommand.Configure, "alice"));
        Assert.Equal(RunCommandOutcome.Rejected, unheard.Outcome);
        Assert.Contains("No run controller", unheard.Detail, StringComparison.Ordinal);

        await using var silent = await RawLinkAsync();
        await silent.SubscribeAsync("juno:run:commands", _ => { });
        var unanswered = await collector.SendAsync(new RunCommandRequest(RunCommand.Configure, "alice"));
        Assert.Equal(RunCommandOutcome.TimedOut, unanswered.Outcome);
    }

    [Fact]
    public async Task Malformed_values_are_counted_logged_once_and_ignored()
    {
        var (collector, store) = await StartCollectorAsync();
        await Poll.UntilAsync(() => collector.Connected, Deadline, "collector connected");
        await using var raw = await RawLinkAsync();
        var hpk = _geometry.Channels.First(c => c.Type == PmtType.Dynode).Id;
        var hpk2 = _geometry.Channels.Where(c => c.Type == PmtType.Dynode).Skip(1).First().Id;
        var hpkIndex = _geometry.Channels.ToList().FindIndex(c => c.Id == hpk);
        var id = (int x) => x.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var hpk3 = _geometry.Channels.Where(c => c.Type == PmtType.Dynode).Skip(2).First().Id;
        for (var round = 0; round < 3; round++)
        {
            // One round at a time: notifications that arrive together are read once.
            var before = collector.Health.Snapshot().Malformed;
            await raw.HashSetAsync("juno:dcr:HPK", [new(id(hpk), "31000.5"), new(id(hpk2), "lots"), new("999999", "1.0"), new("x", "2"), new(id(hpk3), "-5")]);
            await raw.PublishAsync("juno:dcr:updated", "HPK");
            await raw.HashSetAsync("juno:run:current", [new("number", "-3"), new("state", "running")]);
            await raw.PublishAsync("juno:run:changed", "-3");
            await Poll.UntilAsync(() => collector.Health.Snapshot().Malformed >= before + 5, Deadline, $"round {round}: 4 bad rate fields and a negative run counted");
        }
        Assert.Equal(31000.5f, store.Channels.Read(hpkIndex).Rate);
        Assert.Null(store.Run.Snapshot().Status);

        // Unknown state: refused too; then a good run is taken, so the collector kept going.
        await raw.HashSetAsync("juno:run:current", [new("number", "7"), new("state", "exploding")]);
        await raw.PublishAsync("juno:run:changed", "7");
        var counted = collector.Health.Snapshot().Malformed;
        await Poll.UntilAsync(() => collector.Health.Snapshot().Malformed > counted, Deadline, "unknown state counted");
        Assert.Null(store.Run.Snapshot().Status);
        await raw.HashSetAsync("juno:run:current", [new("number", "7"), new("state", "configured"), new("type", "physics")]);
        await raw.PublishAsync("juno:run:changed", "7");
        await Poll.UntilAsync(() => store.Run.Snapshot().Status is { RunNumber: 7, State: RunState.Configured }, Deadline, "a good run after bad ones");
        Assert.Equal(CollectorState.Running, collector.Health.Snapshot().State);

        // At most one warning per key per minute, however often the bad value is rewritten.
        var warnings = _logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Single(warnings, m => m.Contains("juno:dcr:HPK", StringComparison.Ordinal));
        Assert.Single(warnings, m => m.Contains("juno:run:current", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kill_9_of_redis_shows_the_source_down_and_it_recovers_after_restart()
    {
        var (writer, _) = await StartWriterAsync();
        var (collector, store) = await StartCollectorAsync();
        await Poll.UntilAsync(() => store.Channels.Stamp is not null && collector.Connected, Deadline, "data flowing");

        await _redis.KillAsync();
        var detected = await Poll.UntilAsync(() => collector.Health.Snapshot().State == CollectorState.Retrying, TimeSpan.FromSeconds(2), "the collector reports the outage within 2 s");
        Assert.NotNull(collector.Health.Snapshot().LastError);
        var lastWrite = store.Channels.Stamp!.Value.UpdatedAt;
        await Poll.UntilAsync(() => store.ChannelFreshness(DateTimeOffset.UtcNow) == Freshness.Stale, TimeSpan.FromSeconds(5), "channel data turns stale");

        await _redis.StartAgainAsync();
        var back = await Poll.UntilAsync(() => store.Channels.Stamp!.Value.UpdatedAt > lastWrite && collector.Health.Snapshot().State == CollectorState.Running,
            TimeSpan.FromSeconds(5), "fresh data within 5 s of redis being reachable again");
        Assert.Equal(Freshness.Fresh, store.ChannelFreshness(DateTimeOffset.UtcNow));
        Assert.True(detected < TimeSpan.FromSeconds(2) && back < TimeSpan.FromSeconds(5));
        // The run controller reconnects on its own schedule; once it listens again, commands work again.
        await Poll.UntilAsync(() => CommandListeners() > 0, TimeSpan.FromSeconds(5), "the run controller listens for commands again");
        var configure = await collector.SendAsync(new RunCommandRequest(RunCommand.Configure, "alice"));
        Assert.Equal(RunCommandOutcome.Accepted, configure.Outcome);
    }

    [Fact]
    public async Task A_data_flow_run_number_that_disagrees_raises_one_conflict_and_never_changes_the_shown_run()
    {
        var (writer, _) = await StartWriterAsync();
        writer.RunController.Apply(RunCommand.Configure, DateTimeOffset.UtcNow);
        writer.RunController.Apply(RunCommand.Start, DateTimeOffset.UtcNow);
        var run = writer.RunController.Status.RunNumber;
        writer.DataFlowOverride = run - 1;
        var (_, store) = await StartCollectorAsync();

        await Poll.UntilAsync(() => store.Run.Conflict is not null, Deadline, "conflict raised");
        var conflict = store.Run.Conflict!;
        Assert.Equal((RedisRunControllerSimulator.ControllerSource, run, RedisCollector.DataFlowSource, run - 1),
            (conflict.AuthoritativeSource, conflict.AuthoritativeNumber, conflict.OtherSource, conflict.OtherNumber));
        // Several frames later: still the controller's number, and the conflict logged once.
        var frames = writer.FramesWritten;
        await Poll.UntilAsync(() => writer.FramesWritten >= frames + 5, Deadline, "more frames");
        Assert.Equal(run, store.Run.Snapshot().Status!.RunNumber);
        Assert.Single(_logs.Entries, e => e.Message.Contains("Run number conflict", StringComparison.Ordinal));

        writer.DataFlowOverride = null;
        await Poll.UntilAsync(() => store.Run.Conflict is null, Deadline, "conflict cleared when the sources agree");
    }
}
