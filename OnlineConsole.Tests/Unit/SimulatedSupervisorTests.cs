using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Collectors.Supervisor;
using OnlineConsole.Core.Services;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Unit;

/// <summary>The simulator's supervisord: a process that exits and comes back, and control with supervisord's refusals.</summary>
[Trait("Category", "Unit")]
public sealed class SimulatedSupervisorTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly Core.Live.LiveStore _store;
    private readonly SimulatedSupervisor _sup;

    public SimulatedSupervisorTests()
    {
        _store = TestStores.Create(_time);
        _sup = new SimulatedSupervisor(_store, 7);
    }

    private static string Name(string program) => SupervisorCollector.ServiceName(SimulatedSupervisor.Instance, program);

    private ServiceHealth Row(string program) => _store.Services.Snapshot().Single(s => s.Name == Name(program));

    private string Pid(string program) => Row(program).Facts.Single(f => f.Key == "Svc.Fact.Pid").Value;

    [Fact]
    public void The_checker_exits_every_seven_minutes_and_is_back_with_a_new_pid_after_the_back_off()
    {
        _sup.Step(_time.GetUtcNow());
        var pid = Pid("mon:dq-checker");
        _time.Advance(TimeSpan.FromMinutes(7));
        _sup.Step(_time.GetUtcNow());
        Assert.Equal(ServiceState.Degraded, Row("mon:dq-checker").State);
        Assert.Equal("BACKOFF", Row("mon:dq-checker").Facts[0].Value);
        _time.Advance(TimeSpan.FromSeconds(10));
        _sup.Step(_time.GetUtcNow());
        Assert.Equal(ServiceState.Up, Row("mon:dq-checker").State);
        Assert.NotEqual(pid, Pid("mon:dq-checker"));
        Assert.Equal(ServiceState.Up, Row("mon:hv-logger").State);
    }

    [Fact]
    public async Task Stop_start_and_restart_act_at_once_and_refuse_as_supervisord_does()
    {
        _sup.Step(_time.GetUtcNow());
        var service = Name("mon:hv-logger");
        Assert.True(_sup.Handles(service));
        Assert.False(_sup.Handles(Name("mon:nothing")));
        var pid = Pid("mon:hv-logger");

        var already = await Assert.ThrowsAsync<SupervisorFaultException>(() => _sup.ControlAsync(service, ProcessAction.Start, CancellationToken.None));
        Assert.Equal(60, already.Code);
        await _sup.ControlAsync(service, ProcessAction.Stop, CancellationToken.None);
        Assert.Equal(ServiceState.Down, Row("mon:hv-logger").State);
        Assert.Equal(70, (await Assert.ThrowsAsync<SupervisorFaultException>(() => _sup.ControlAsync(service, ProcessAction.Stop, CancellationToken.None))).Code);
        await _sup.ControlAsync(service, ProcessAction.Start, CancellationToken.None);
        var started = Pid("mon:hv-logger");
        Assert.NotEqual(pid, started);
        await _sup.ControlAsync(service, ProcessAction.Restart, CancellationToken.None);
        Assert.NotEqual(started, Pid("mon:hv-logger"));
        Assert.Equal(ServiceState.Up, Row("mon:hv-logger").State);
    }

    [Theory]
    [InlineData(0, 0, 5, 7, "0:05:07")]
    [InlineData(0, 13, 0, 17, "13:00:17")]
    [InlineData(2, 3, 0, 17, "2d 03:00:17")]
    public void Uptime_reads_as_hours_and_days(int d, int h, int m, int sec, string shown) =>
        Assert.Equal(shown, SupervisorCollector.Uptime(new TimeSpan(d, h, m, sec)));
}
