using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Collectors.Supervisor;
using OnlineConsole.Components.Pages;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Core.Services;
using OnlineConsole.Processes;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Component;

/// <summary>The Services page over the simulator's supervisord: the tree, the roll-up, and process control by role.</summary>
[Trait("Category", "Component")]
public sealed class ServicesPageTests : IAsyncDisposable
{
    private readonly ConsoleTestContext _ctx = new();
    private readonly SimulatedSupervisor _supervisor;

    public ServicesPageTests()
    {
        _supervisor = new SimulatedSupervisor(_ctx.Store, 1);
        _ctx.Services.AddSingleton<IProcessControl>(_supervisor);
        _ctx.Services.AddScoped<ProcessActions>();
        _supervisor.Step(_ctx.Time.GetUtcNow());
        _ctx.Store.Services.Report(new ServiceHealth("kafka", "broker", ServiceState.Up, null, new SourceStamp("sim", _ctx.Time.GetUtcNow())));
    }

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();

    private static string Dq => SupervisorCollector.ServiceName(SimulatedSupervisor.Instance, "mon:dq-checker");

    private static string Pid(IRenderedComponent<Services> page, string name) =>
        page.Find($"[data-testid=svc-row][data-name='{name}'] [data-testid=svc-detail]").TextContent;

    [Fact]
    public async Task Processes_hang_under_their_group_and_host_and_a_stopped_one_turns_the_host_down()
    {
        _ctx.SignIn("erin", "Expert");
        var page = _ctx.Render<Services>();
        var names = page.FindAll("[data-testid=svc-row]").Select(r => r.GetAttribute("data-name")).ToList();
        var host = names.IndexOf(SimulatedSupervisor.HostName);
        Assert.True(host >= 0);
        // host, its group "mon", then the group's processes in name order (dcr-monitor, dq-checker, ...).
        Assert.Equal(SimulatedSupervisor.GroupName, names[host + 1]);
        Assert.Equal(Dq, names[host + 3]);
        // Kinds the console knows are named in the page's language, not as the collector's constant.
        Assert.Equal("supervisord process", page.Find($"[data-testid=svc-row][data-name='{Dq}'] td:nth-child(2)").TextContent);
        Assert.Equal("message broker", page.Find("[data-testid=svc-row][data-name=kafka] td:nth-child(2)").TextContent);
        Assert.Equal("up", page.Find($"[data-testid=svc-row][data-name='{SimulatedSupervisor.HostName}']").GetAttribute("data-state"));

        await _supervisor.ControlAsync(Dq, ProcessAction.Stop, CancellationToken.None);
        _ctx.Time.Advance(TimeSpan.FromSeconds(1.1));
        page.WaitForAssertion(() => Assert.Equal("down", page.Find($"[data-testid=svc-row][data-name='{SimulatedSupervisor.HostName}']").GetAttribute("data-state")));
        // The host itself answers: its own state stays up, the row says the worst is below.
        Assert.Contains("worst below", page.Find($"[data-testid=svc-row][data-name='{SimulatedSupervisor.HostName}'] [data-testid=svc-state]").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid=svc-only-problems]").Change(true);
        page.WaitForAssertion(() => Assert.Equal([SimulatedSupervisor.HostName, SimulatedSupervisor.GroupName, Dq], page.FindAll("[data-testid=svc-row]").Select(r => r.GetAttribute("data-name"))));
    }

    [Fact]
    public void Opening_a_process_shows_its_output_read_again_while_it_stays_open()
    {
        _ctx.Services.AddSingleton<IProcessLogs>(_supervisor);
        _ctx.SignIn("sam", "Shifter");
        var page = _ctx.Render<Services>();
        page.Find($"[data-testid=svc-row][data-name='{Dq}'] [data-testid=svc-open]").Click();
        page.WaitForAssertion(() => Assert.Contains("INFO dq-checker[", page.Find("[data-testid=svc-stdout]").TextContent, StringComparison.Ordinal));
        var first = page.Find("[data-testid=svc-stdout]").TextContent;
        _ctx.Time.Advance(Services.TailInterval + TimeSpan.FromSeconds(8));
        page.WaitForAssertion(() => Assert.NotEqual(first, page.Find("[data-testid=svc-stdout]").TextContent));
        Assert.Equal("(empty)", page.Find("[data-testid=svc-stderr]").TextContent);
        // A group has no output of its own.
        page.Find($"[data-testid=svc-row][data-name='{SimulatedSupervisor.GroupName}'] [data-testid=svc-open]").Click();
        Assert.Empty(page.FindAll("[data-testid=svc-output]"));
    }

    [Fact]
    public void An_expert_restarts_a_process_with_a_reason_and_gets_a_new_pid_with_the_audit_keeping_before_and_after()
    {
        _ctx.SignIn("erin", "Expert");
        var dialogs = _ctx.Render<MudBlazor.MudDialogProvider>();
        var page = _ctx.Render<Services>();
        var before = Pid(page, Dq);

        page.Find($"[data-testid=svc-row][data-name='{Dq}'] [data-testid=svc-restart]").Click();
        dialogs.WaitForElement("[data-testid=svc-reason]").Input("checker stuck on an old run");
        dialogs.Find("[data-testid=confirm-send]").Click();

        page.WaitForAssertion(() => Assert.Equal("accepted", page.Find("[data-testid=svc-feedback]").GetAttribute("data-outcome")));
        _ctx.Time.Advance(TimeSpan.FromSeconds(1.1));
        page.WaitForAssertion(() => Assert.NotEqual(before, Pid(page, Dq)));
        Assert.NotEqual(before, Pid(page, Dq));
        Assert.StartsWith("RUNNING pid ", Pid(page, Dq), StringComparison.Ordinal);
        var entry = Assert.Single(_ctx.Audit.Entries, e => e.Action == "process.restart");
        Assert.Equal(("erin", Dq, "checker stuck on an old run", "ok"), (entry.User, entry.Target, entry.Reason, entry.Outcome));
        Assert.Contains(before, entry.Before!, StringComparison.Ordinal);
        Assert.DoesNotContain(before, entry.After!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shifter_sees_the_buttons_disabled_and_a_call_that_reaches_the_server_anyway_is_refused_and_audited()
    {
        _ctx.SignIn("sam", "Shifter");
        var page = _ctx.Render<Services>();
        Assert.All(page.FindAll("[data-testid=svc-restart]"), b => Assert.True(b.HasAttribute("disabled")));
        Assert.Contains("need the Expert role; your account is Shifter", page.Find("[data-testid=svc-experts-only]").TextContent, StringComparison.Ordinal);

        // The action itself checks the account: a page built before a demotion, or a crafted call, gets nowhere.
        var before = Pid(page, Dq);
        var result = await _ctx.Services.GetRequiredService<ProcessActions>().ControlAsync(Dq, ProcessAction.Restart, "trying anyway");
        Assert.Equal(OnlineConsole.Security.ActionStatus.Refused, result.Status);
        Assert.Equal(before, Pid(page, Dq));
        var entry = Assert.Single(_ctx.Audit.Entries, e => e.Action == "process.restart");
        Assert.Equal("sam", entry.User);
        Assert.StartsWith("refused: role too low (needs Expert, account is Shifter)", entry.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Supervisord_s_own_refusal_is_shown_as_such_and_audited_as_invalid()
    {
        _ctx.SignIn("erin", "Expert");
        var result = await _ctx.Services.GetRequiredService<ProcessActions>().ControlAsync(Dq, ProcessAction.Start, "start it");
        Assert.Equal(OnlineConsole.Security.ActionStatus.Invalid, result.Status);
        Assert.Contains("ALREADY_STARTED", result.Problem, StringComparison.Ordinal);
        Assert.StartsWith("invalid: supervisord: Fault 60: ALREADY_STARTED", Assert.Single(_ctx.Audit.Entries).Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parent_with_many_children_starts_folded_unfolds_on_click_and_a_search_finds_a_child_inside_it()
    {
        var stamp = new SourceStamp("sim", _ctx.Time.GetUtcNow());
        _ctx.Store.Services.Report(new ServiceHealth("compute-nodes", "compute nodes", ServiceState.Degraded, "24 of 25 node(s) up", stamp));
        for (var i = 1; i <= 25; i++)
            _ctx.Store.Services.Report(new ServiceHealth($"node/hd{i:D3}", "compute-node", i == 7 ? ServiceState.Down : ServiceState.Up, null, stamp) { Parent = "compute-nodes" });
        _ctx.SignIn("sam", "Shifter");
        var page = _ctx.Render<Services>();
        string[] Names() => [.. page.FindAll("[data-testid=svc-row]").Select(r => r.GetAttribute("data-name")!)];

        Assert.Contains("compute-nodes", Names());
        Assert.DoesNotContain("node/hd001", Names());
        var farm = page.Find("[data-testid=svc-row][data-name=compute-nodes]");
        Assert.Contains("25 below, folded", farm.TextContent, StringComparison.Ordinal);
        Assert.Equal("down", farm.GetAttribute("data-state")); // the worst below still shows on the folded row
        // The supervisord host has five processes: not folded.
        Assert.Contains(Dq, Names());

        page.Find("[data-testid=svc-row][data-name=compute-nodes] [data-testid=svc-fold]").Click();
        Assert.Equal(25, Names().Count(n => n.StartsWith("node/", StringComparison.Ordinal)));
        Assert.Equal("true", page.Find("[data-testid=svc-row][data-name=compute-nodes] [data-testid=svc-fold]").GetAttribute("aria-expanded"));
        page.Find("[data-testid=svc-row][data-name=compute-nodes] [data-testid=svc-fold]").Click();
        Assert.DoesNotContain("node/hd001", Names());

        page.Find("[data-testid=svc-search]").Input("hd007");
        page.WaitForAssertion(() => Assert.Contains("node/hd007", Names()));
    }

    [Fact]
    public void A_row_with_numbers_shows_their_trend_over_the_last_hour_named_in_text()
    {
        ServiceHealth Node(double cpu) => new("node/hd007", "compute-node", ServiceState.Up, null, new SourceStamp("prometheus", _ctx.Time.GetUtcNow()))
        {
            Values = new Dictionary<string, double> { ["cpu"] = cpu, ["memory"] = 0.5 },
        };
        foreach (var cpu in new[] { 0.1, 0.3, 0.2, 0.4 })
        {
            _ctx.Store.Services.Report(Node(cpu));
            // Samples closer than 10 s are not kept: only the last of these two counts.
            _ctx.Time.Advance(TimeSpan.FromSeconds(4));
            _ctx.Store.Services.Report(Node(cpu));
            _ctx.Time.Advance(TimeSpan.FromSeconds(8));
        }
        Assert.Equal(4, _ctx.Store.Services.History("node/hd007").Count);
        _ctx.SignIn("sam", "Shifter");
        var page = _ctx.Render<Services>();
        page.Find("[data-testid=svc-row][data-name='node/hd007'] [data-testid=svc-open]").Click();
        Assert.Equal("CPU: now 40 % (low 10 %, high 40 %)", page.Find("[data-testid=svc-trend-cpu]").TextContent);
        Assert.Equal("Memory: now 50 % (low 50 %, high 50 %)", page.Find("[data-testid=svc-trend-memory]").TextContent);
        Assert.Equal(2, page.FindAll("[data-testid=svc-trend] polyline").Count);

        // An hour later the oldest samples are gone.
        _ctx.Time.Advance(TimeSpan.FromMinutes(61));
        _ctx.Store.Services.Report(Node(0.9));
        Assert.Single(_ctx.Store.Services.History("node/hd007"));
    }
}
