using OnlineConsole.Collectors.Redis;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class RunConflictTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly LiveStore _store;

    public RunConflictTests() => _store = TestStores.Create(_time);

    private void Authoritative(long number) =>
        _store.Run.Report(new RunStatus(number, RunState.Running, "physics", _time.GetUtcNow(), null, null), new SourceStamp("redis", _time.GetUtcNow()), "run-control");

    [Fact]
    public void The_authoritative_number_is_shown_and_the_conflict_names_both_sources_and_values()
    {
        Authoritative(5003);
        var raised = _store.Run.ReportWitness("data-flow", 5002, _time.GetUtcNow());
        Assert.Equal(new RunConflict("run-control", 5003, "data-flow", 5002, _time.GetUtcNow()), raised);
        Assert.Equal(5003, _store.Run.Snapshot().Status!.RunNumber);
        Assert.Equal(raised, _store.Run.Conflict);
    }

    [Fact]
    public void A_persisting_conflict_is_raised_once_and_clears_when_the_sources_agree()
    {
        Authoritative(10);
        Assert.NotNull(_store.Run.ReportWitness("data-flow", 9, _time.GetUtcNow()));
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Authoritative(10);
            Assert.Null(_store.Run.ReportWitness("data-flow", 9, _time.GetUtcNow()));
        }
        Assert.NotNull(_store.Run.Conflict);
        Assert.Null(_store.Run.ReportWitness("data-flow", 10, _time.GetUtcNow()));
        Assert.Null(_store.Run.Conflict);
    }

    [Fact]
    public void Neither_source_moves_backwards_so_the_shown_number_never_flickers()
    {
        Authoritative(20);
        Authoritative(19);
        Assert.Equal(20, _store.Run.Snapshot().Status!.RunNumber);
        _store.Run.ReportWitness("data-flow", 21, _time.GetUtcNow());
        // A late, lower witness report is ignored: the conflict stays about 21.
        Assert.Null(_store.Run.ReportWitness("data-flow", 18, _time.GetUtcNow()));
        Assert.Equal(21, _store.Run.Conflict!.OtherNumber);
        Assert.Equal(20, _store.Run.Snapshot().Status!.RunNumber);
        // The controller catches up: conflict over.
        Authoritative(21);
        Assert.Null(_store.Run.Conflict);
    }

    [Fact]
    public void A_changed_disagreement_is_raised_again_with_the_original_start_time()
    {
        Authoritative(30);
        var first = _store.Run.ReportWitness("data-flow", 29, _time.GetUtcNow())!;
        _time.Advance(TimeSpan.FromSeconds(3));
        Authoritative(31);
        var second = _store.Run.ReportWitness("data-flow", 29, _time.GetUtcNow());
        Assert.Null(second);
        Assert.Equal(31, _store.Run.Conflict!.AuthoritativeNumber);
        Assert.Equal(first.Since, _store.Run.Conflict.Since);
    }

    [Fact]
    public void History_is_newest_first_trimmed_and_only_published_when_changed()
    {
        var rows = Enumerable.Range(1, RunArea.MaxHistory + 10).Reverse()
            .Select(n => new RunRecord(n, "physics", _time.GetUtcNow(), _time.GetUtcNow().AddMinutes(20), "end")).ToArray();
        Assert.True(_store.Run.SetHistory(rows));
        Assert.Equal(RunArea.MaxHistory, _store.Run.History.Count);
        Assert.Equal(RunArea.MaxHistory + 10, _store.Run.History[0].Number);
        Assert.Equal(TimeSpan.FromMinutes(20), _store.Run.History[0].Duration);
        Assert.False(_store.Run.SetHistory([.. rows]));
    }
}

[Trait("Category", "Unit")]
public sealed class RedisContractTests
{
    private static KeyValuePair<string, string>[] Run(string number, string state) => [new("number", number), new("state", state), new("type", "physics")];

    [Theory]
    [InlineData("-1", "running", "negative")]
    [InlineData("abc", "running", "not an integer")]
    [InlineData("5", "exploding", "unknown run state")]
    [InlineData("5", "3", "unknown run state")]
    [InlineData("5", "", "unknown run state")]
    public void Malformed_runs_are_refused_with_a_reason(string number, string state, string reason)
    {
        var (run, _, error) = RedisContract.ParseRun(Run(number, state));
        Assert.Null(run);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_round_trips_through_the_hash_format()
    {
        var start = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var original = new RunStatus(5001, RunState.Stopped, "calibration", start, start.AddMinutes(20), "beam off");
        var (run, source, error) = RedisContract.ParseRun(RedisContract.FormatRun(original, "run-control", start.AddMinutes(21)));
        Assert.Null(error);
        Assert.Equal(original, run);
        Assert.Equal("run-control", source);
    }

    [Fact]
    public void Commands_and_replies_round_trip_and_garbage_is_refused()
    {
        var (id, request, error) = RedisContract.ParseCommand(RedisContract.FormatCommand("abc", new RunCommandRequest(RunCommand.Stop, "bob", Reason: "HV trip")));
        Assert.Equal(("abc", null as string), (id, error));
        Assert.Equal(new RunCommandRequest(RunCommand.Stop, "bob", Reason: "HV trip"), request);
        Assert.NotNull(RedisContract.ParseCommand("{not json").Error);
        Assert.NotNull(RedisContract.ParseCommand("""{"id":"x","command":"launch"}""").Error);
        Assert.NotNull(RedisContract.ParseCommand("""{"id":"x","command":"2"}""").Error);
        Assert.Null(RedisContract.ParseReply("[]"));
        Assert.Equal("x", RedisContract.ParseReply(RedisContract.FormatReply("x", false, "no"))!.Id);
    }

    [Fact]
    public void Options_list_every_error_and_urls_parse()
    {
        var errors = new RedisOptions { Endpoints = ["nohost"], Database = 99, RunKey = "" }.Validate().ToList();
        Assert.Contains(errors, e => e.Contains("Redis:Endpoints:0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Redis:Database", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Redis:RunKey", StringComparison.Ordinal));
        Assert.Contains(new RedisOptions().Validate(), e => e.Contains("at least one", StringComparison.Ordinal));

        var o = RedisOptions.FromUrl("rediss://daq-redis:6380/2");
        Assert.Equal(["daq-redis:6380"], o.Endpoints);
        Assert.Equal((true, 2, null), (o.Ssl, o.Database, o.Password));
        Assert.Empty(o.Validate());
        // A password in a URL is refused (it would be on a command line), and the message does not repeat it.
        var refused = Assert.Throws<PasswordInUrlException>(() => RedisOptions.FromUrl("rediss://:s3cret@daq-redis:6380/2"));
        Assert.DoesNotContain("s3cret", refused.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => RedisOptions.FromUrl("http://x"));
    }
}
