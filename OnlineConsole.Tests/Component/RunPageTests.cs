using MudBlazor;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnlineConsole.Components.Layout;
using OnlineConsole.Components.Pages;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Run;
using OnlineConsole.Core.Security;
using OnlineConsole.Hosting;
using OnlineConsole.Security;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Component;

[Trait("Category", "Component")]
public sealed class RunPageTests : IAsyncDisposable
{
    private readonly ConsoleTestContext _ctx = new();
    private readonly FakeRunControl _control = new();

    public RunPageTests()
    {
        _ctx.Services.AddSingleton<IRunControl>(_control);
    }

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();

    private void SignIn(string name, OperatorRole role) => _ctx.SignIn(name, role.ToString());

    private void Report(long number, RunState state, string source = "redis") =>
        _ctx.Store.Run.Report(new RunStatus(number, state, "physics", _ctx.Time.GetUtcNow(), null, null), new SourceStamp(source, _ctx.Time.GetUtcNow()), "run-control");

    [Fact]
    public void An_expert_confirms_a_start_which_is_sent_audited_and_acknowledged()
    {
        SignIn("alice", OperatorRole.Expert);
        Report(41, RunState.Configured);
        var dialogs = _ctx.Render<MudDialogProvider>();
        var page = _ctx.Render<RunPage>();
        Assert.Contains("current", page.Find("[data-testid=sm-Configured]").ClassList);
        Assert.True(page.Find("[data-testid=cmd-Pause]").HasAttribute("disabled"));

        page.Find("[data-testid=cmd-Start]").Click();
        Assert.Empty(_control.Requests);
        Assert.Equal("The run goes from Configured to Running.", dialogs.Find("[data-testid=confirm-effect]").TextContent);
        dialogs.Find("[data-testid=confirm-type]").Change("calibration");
        dialogs.Find("[data-testid=confirm-comment]").Change("laser scan");
        dialogs.Find("[data-testid=confirm-send]").Click();

        page.WaitForAssertion(() => Assert.Equal("accepted", page.Find("[data-testid=cmd-feedback]").GetAttribute("data-outcome")));
        var sent = Assert.Single(_control.Requests);
        Assert.Equal(new RunCommandRequest(RunCommand.Start, "alice", "calibration", "laser scan", null), sent);
        var entry = Assert.Single(_ctx.Audit.Entries);
        Assert.Equal(("alice", "run.start", "run 41", "laser scan", "ok"), (entry.User, entry.Action, entry.Target, entry.Reason, entry.Outcome));
        // The dialog is gone once the command is sent.
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=confirm-send]")));
    }

    [Fact]
    public void Cancel_closes_the_dialog_and_sends_nothing()
    {
        SignIn("alice", OperatorRole.Expert);
        Report(46, RunState.Running);
        var dialogs = _ctx.Render<MudDialogProvider>();
        var page = _ctx.Render<RunPage>();
        page.Find("[data-testid=cmd-Reset]").Click();
        Assert.Contains("Confirm: Reset", dialogs.Markup, StringComparison.Ordinal);
        dialogs.Find("[data-testid=confirm-cancel]").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=confirm-send]")));
        Assert.Empty(_control.Requests);
        Assert.Empty(_ctx.Audit.Entries);
        Assert.Empty(page.FindAll("[data-testid=cmd-feedback]"));
    }

    [Fact]
    public void The_outcome_is_also_shown_as_a_snackbar_with_its_severity()
    {
        SignIn("alice", OperatorRole.Expert);
        Report(47, RunState.Running);
        _control.Next = new RunCommandResult("x", RunCommandOutcome.Rejected, "HV not ready");
        var snackbars = _ctx.Render<MudSnackbarProvider>();
        var dialogs = _ctx.Render<MudDialogProvider>();
        var page = _ctx.Render<RunPage>();
        page.Find("[data-testid=cmd-Pause]").Click();
        dialogs.Find("[data-testid=confirm-send]").Click();
        snackbars.WaitForAssertion(() => Assert.Contains("Pause: rejected — HV not ready", snackbars.Markup, StringComparison.Ordinal));
        Assert.NotEmpty(snackbars.FindAll(".mud-alert-text-error, .mud-snackbar.mud-alert-filled-error, [class*=error]"));
    }

    [Fact]
    public void Stop_needs_a_reason_and_rejections_and_timeouts_are_shown_and_audited()
    {
        SignIn("alice", OperatorRole.Expert);
        Report(42, RunState.Running);
        _control.Next = new RunCommandResult("x", RunCommandOutcome.Rejected, "HV not ready");
        var dialogs = _ctx.Render<MudDialogProvider>();
        var page = _ctx.Render<RunPage>();
        page.Find("[data-testid=cmd-Stop]").Click();
        Assert.True(dialogs.Find("[data-testid=confirm-send]").HasAttribute("disabled"));
        dialogs.Find("[data-testid=confirm-reason]").Input("HV trip");
        dialogs.Find("[data-testid=confirm-send]").Click();
        page.WaitForAssertion(() => Assert.Contains("HV not ready", page.Find("[data-testid=cmd-feedback]").TextContent, StringComparison.Ordinal));
        Assert.Equal("rejected: HV not ready", _ctx.Audit.Entries.Single().Outcome);

        _control.Next = new RunCommandResult("y", RunCommandOutcome.TimedOut, null);
        page.Find("[data-testid=cmd-Pause]").Click();
        dialogs.Find("[data-testid=confirm-send]").Click();
        page.WaitForAssertion(() => Assert.Equal("timedout", page.Find("[data-testid=cmd-feedback]").GetAttribute("data-outcome")));
        Assert.Equal("timed out", _ctx.Audit.Entries.Last().Outcome);
    }

    [Fact]
    public void A_shifter_sees_the_state_machine_but_cannot_command()
    {
        SignIn("bob", OperatorRole.Shifter);
        Report(43, RunState.Running);
        var dialogs = _ctx.Render<MudDialogProvider>();
        var page = _ctx.Render<RunPage>();
        Assert.All(page.FindAll("[data-testid^=cmd-]").Where(b => b.TagName == "BUTTON"), b => Assert.True(b.HasAttribute("disabled")));
        Assert.Contains("Expert", page.Find("[data-testid=cmd-disabled]").TextContent, StringComparison.Ordinal);
        Assert.Empty(_control.Requests);
        // The whole machine is shown; the current state's row is what can happen next.
        var current = page.Find("[data-testid=sm-table] tr.current");
        Assert.Equal(["Pause → Paused", "Stop → Stopped", "Reset → Initial"], current.QuerySelectorAll(".sm-transition").Select(t => t.TextContent.Trim()));
        Assert.Equal(7, page.FindAll("[data-testid=sm-table] tr").Count);
    }

    [Fact]
    public async Task The_action_service_refuses_a_command_even_when_the_page_is_bypassed()
    {
        SignIn("bob", OperatorRole.Shifter);
        using var scope = _ctx.Services.CreateScope();
        var actions = scope.ServiceProvider.GetRequiredService<ActionService>();
        var performed = false;
        var result = await actions.RunAsync(new ConsoleAction("run.stop", "run 43", OperatorRole.Expert), _ => { performed = true; return Task.FromResult(ActionAudit.Ok); });
        Assert.Equal((ActionStatus.Refused, AccessRefusal.RoleTooLow, false), (result.Status, result.Refusal, performed));
        Assert.StartsWith("refused", _ctx.Audit.Entries.Single().Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void A_demoted_expert_loses_the_commands_and_a_send_from_the_open_page_is_refused_and_audited()
    {
        SignIn("alice", OperatorRole.Expert);
        Report(44, RunState.Running);
        var dialogs = _ctx.Render<MudDialogProvider>();
        var page = _ctx.Render<RunPage>();
        page.Find("[data-testid=cmd-Pause]").Click();
        // The principal still says Expert; the account says Display now.
        _ctx.Accounts.Set("alice", OperatorRole.Display);
        dialogs.Find("[data-testid=confirm-send]").Click();

        page.WaitForAssertion(() => Assert.Contains("Display", page.Find("[data-testid=cmd-feedback]").TextContent, StringComparison.Ordinal));
        Assert.Empty(_control.Requests);
        var entry = Assert.Single(_ctx.Audit.Entries);
        Assert.Equal(("alice", "run.pause"), (entry.User, entry.Action));
        Assert.StartsWith("refused: role too low (needs Expert, account is Display)", entry.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_account_is_refused_whatever_role_it_had()
    {
        SignIn("alice", OperatorRole.Expert);
        Report(45, RunState.Running);
        var dialogs = _ctx.Render<MudDialogProvider>();
        var page = _ctx.Render<RunPage>();
        page.Find("[data-testid=cmd-Pause]").Click();
        _ctx.Accounts.Set("alice", OperatorRole.Expert, disabled: true);
        dialogs.Find("[data-testid=confirm-send]").Click();

        page.WaitForAssertion(() => Assert.Contains("disabled", page.Find("[data-testid=cmd-feedback]").TextContent, StringComparison.Ordinal));
        Assert.Empty(_control.Requests);
        Assert.StartsWith("refused: the account is disabled", _ctx.Audit.Entries.Single().Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void History_and_conflict_are_shown()
    {
        SignIn("alice", OperatorRole.Expert);
        Report(50, RunState.Running);
        _ctx.Store.Run.ReportWitness("data-flow", 49, _ctx.Time.GetUtcNow());
        var start = _ctx.Time.GetUtcNow().AddHours(-1);
        _ctx.Store.Run.SetHistory([new RunRecord(49, "physics", start, start.AddMinutes(30), "end of fill")]);
        var page = _ctx.Render<RunPage>();
        var row = page.Find("[data-testid=run-history] tbody tr");
        Assert.Contains("0.00:30:00", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("end of fill", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("data-flow", page.Find("[data-testid=run-page-conflict]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_marks_a_conflict_once_and_a_source_that_went_down_as_stale_at_once()
    {
        SignIn("alice", OperatorRole.Expert);
        var health = _ctx.Store.Collectors.Register("redis", "redis", TimeSpan.FromSeconds(1));
        health.Succeeded(_ctx.Time.GetUtcNow());
        Report(60, RunState.Running);
        _ctx.Store.Channels.Write(0, new float[_ctx.Store.Channels.Geometry.Count], new SourceStamp("redis", _ctx.Time.GetUtcNow()));
        _ctx.Store.Run.ReportWitness("data-flow", 61, _ctx.Time.GetUtcNow());
        var header = _ctx.Render<StatusHeader>();
        Assert.Equal("60", header.Find("[data-testid=run-number]").TextContent);
        Assert.Contains("run-control 60 ≠ data-flow 61", header.Find("[data-testid=run-conflict]").TextContent, StringComparison.Ordinal);
        Assert.Empty(header.FindAll("[data-testid=source-down]"));

        health.Failed(_ctx.Time.GetUtcNow(), "Redis connection lost");
        // Past the store's 100 ms batch spacing on the manual clock, so the change is delivered without waiting on real time
        // (with both cores busy the one-second wait was sometimes not enough).
        _ctx.Time.Advance(TimeSpan.FromMilliseconds(150));
        header.WaitForAssertion(() => Assert.Contains("redis", header.Find("[data-testid=source-down]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.Contains("stale", header.Find("[data-testid=data-freshness] .fresh-badge").ClassList);
        Assert.Equal("60", header.Find("[data-testid=run-number]").TextContent);
    }

    private sealed class FakeRunControl : IRunControl
    {
        public List<RunCommandRequest> Requests { get; } = [];
        public RunCommandResult Next { get; set; } = new("id", RunCommandOutcome.Accepted, null);
        public string Target => "test";

        public Task<RunCommandResult> SendAsync(RunCommandRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            return Task.FromResult(Next);
        }
    }
}
