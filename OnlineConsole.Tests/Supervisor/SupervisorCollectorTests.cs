using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Supervisor;
using OnlineConsole.Core.Services;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Supervisor;

/// <summary>The collector against a real supervisord, a garbage-speaking server and a closed port.</summary>
[Trait("Category", "Integration")]
public sealed class SupervisorCollectorTests(SupervisordFixture sup) : IClassFixture<SupervisordFixture>
{
    private static SupervisorCollector Collector(Core.Live.LiveStore store, params SupervisorInstanceOptions[] instances) =>
        new(store, Options.Create(new SupervisorOptions { Instances = [.. instances] }), NullLogger<SupervisorCollector>.Instance);

    private SupervisorInstanceOptions Real => new() { Name = "mon01", Url = sup.Url.ToString(), User = SupervisordFixture.User, Password = SupervisordFixture.Password };

    [Fact]
    public async Task Processes_land_in_the_services_area_and_a_restart_goes_through_the_collector()
    {
        var store = TestStores.Create(TimeProvider.System);
        var collector = Collector(store, Real);
        ServiceHealth? trigger = null;
        for (var i = 0; i < 50 && trigger?.State != ServiceState.Up; i++)
        {
            Assert.Equal(1, await collector.PollOnceAsync(CancellationToken.None));
            trigger = store.Services.Snapshot().SingleOrDefault(s => s.Name == "supervisord/mon01/mon:trigger");
            await Task.Delay(100);
        }
        Assert.NotNull(trigger);
        Assert.Equal(ServiceState.Up, trigger.State);
        Assert.StartsWith("RUNNING pid ", trigger.Detail, StringComparison.Ordinal);
        Assert.Equal(SupervisorCollector.Kind, trigger.Kind);
        var host = store.Services.Snapshot().Single(s => s.Name == "supervisord/mon01");
        Assert.Equal(ServiceState.Up, host.State);

        await collector.ControlAsync("mon01", "mon:trigger", ProcessAction.Restart, CancellationToken.None);
        var after = store.Services.Snapshot().Single(s => s.Name == "supervisord/mon01/mon:trigger");
        Assert.Equal(ServiceState.Up, after.State);
        Assert.NotEqual(trigger.Detail, after.Detail);
    }

    [Fact]
    public async Task Processes_hang_under_their_group_a_group_stops_and_starts_as_one_and_a_process_output_is_tailed()
    {
        var store = TestStores.Create(TimeProvider.System);
        var collector = Collector(store, Real);
        ServiceHealth? Row(string name) => store.Services.Snapshot().SingleOrDefault(s => s.Name == name);
        await Poll.UntilAsync(async () => await collector.PollOnceAsync(CancellationToken.None) == 1 && Row("supervisord/mon01/aux")?.State == ServiceState.Up,
            TimeSpan.FromSeconds(15), "group aux running");
        Assert.Equal("supervisord/mon01/aux", Row("supervisord/mon01/aux:talker")!.Parent);
        Assert.Equal("supervisord/mon01", Row("supervisord/mon01/aux")!.Parent);
        Assert.Equal((SupervisorCollector.GroupKind, "2 of 2 running"), (Row("supervisord/mon01/aux")!.Kind, Row("supervisord/mon01/aux")!.Detail));
        // A program outside any group is its own group in supervisord: it hangs under the host, with no group row.
        Assert.Equal("supervisord/mon01", Row("supervisord/mon01/lonely:lonely")!.Parent);
        Assert.Null(Row("supervisord/mon01/lonely"));

        await collector.ControlAsync("supervisord/mon01/aux", ProcessAction.Stop, CancellationToken.None);
        Assert.Equal((ServiceState.Down, "0 of 2 running"), (Row("supervisord/mon01/aux")!.State, Row("supervisord/mon01/aux")!.Detail));
        Assert.Equal(ServiceState.Down, Row("supervisord/mon01/aux:idle")!.State);
        Assert.Equal(ServiceState.Up, Row("supervisord/mon01/mon:trigger")!.State);
        await collector.ControlAsync("supervisord/mon01/aux", ProcessAction.Start, CancellationToken.None);
        Assert.Equal(ServiceState.Up, Row("supervisord/mon01/aux")!.State);

        Assert.True(collector.HasLogs("supervisord/mon01/aux:talker"));
        Assert.False(collector.HasLogs("supervisord/mon01/aux"));
        await Poll.UntilAsync(async () => (await collector.TailAsync("supervisord/mon01/aux:talker", CancellationToken.None)).Stdout.Contains("tick", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "stdout has a line");
        var tail = await collector.TailAsync("supervisord/mon01/aux:talker", CancellationToken.None);
        Assert.Contains("slow-disk", tail.Stderr, StringComparison.Ordinal);
        Assert.True(tail.Stdout.Length <= SupervisorCollector.TailBytes);
        var refused = await Assert.ThrowsAsync<SupervisorFaultException>(() => collector.TailAsync("supervisord/mon01/aux:nosuch", CancellationToken.None));
        Assert.Contains("BAD_NAME", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_is_counted_per_source_and_an_unreachable_host_leaves_its_processes_to_go_stale()
    {
        var time = new ManualTimeProvider();
        var store = TestStores.Create(time);
        await using var garbage = new FakeSupervisord(_ => "HTTP/1.0 200 OK\r\n\r\n<html>proxy error</html>");
        var mon02 = new FakeSupervisord(_ => FakeSupervisord.Http(SupervisorClientTests.AllInfo));
        var collector = Collector(store, new SupervisorInstanceOptions { Name = "mon02", Url = mon02.Url.ToString() },
            new SupervisorInstanceOptions { Name = "junk", Url = garbage.Url.ToString() });

        Assert.Equal(1, await collector.PollOnceAsync(CancellationToken.None));
        Assert.Equal(1, await collector.PollOnceAsync(CancellationToken.None));
        var health = collector.Health.Snapshot();
        Assert.Equal(2, health.Malformed);
        Assert.Equal(2, health.MalformedBy["junk"]);
        var junk = store.Services.Snapshot().Single(s => s.Name == "supervisord/junk");
        Assert.Equal(ServiceState.Down, junk.State);
        Assert.Contains("malformed", junk.Detail, StringComparison.Ordinal);
        var dies = store.Services.Snapshot().Single(s => s.Name == "supervisord/mon02/mon:dies");
        Assert.Equal(ServiceState.Down, dies.State);
        Assert.Equal(Core.Live.Freshness.Fresh, store.ServiceFreshness(dies, time.GetUtcNow()));

        // mon02 goes away: its host row says unreachable, its processes keep their last stamp and turn stale.
        await mon02.DisposeAsync();
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await collector.PollOnceAsync(CancellationToken.None));
        var host = store.Services.Snapshot().Single(s => s.Name == "supervisord/mon02");
        Assert.Equal(ServiceState.Down, host.State);
        Assert.StartsWith("unreachable", host.Detail, StringComparison.Ordinal);
        var trigger = store.Services.Snapshot().Single(s => s.Name == "supervisord/mon02/mon:trigger");
        Assert.Equal(Core.Live.Freshness.Stale, store.ServiceFreshness(trigger, time.GetUtcNow()));
    }
}
