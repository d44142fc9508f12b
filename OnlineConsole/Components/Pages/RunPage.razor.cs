using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using OnlineConsole.Components.Controls;
using OnlineConsole.Components.Live;
using OnlineConsole.Components.Run;
using MudBlazor;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Resources;
using OnlineConsole.Security;
using OnlineConsole.Core.Run;

namespace OnlineConsole.Components.Pages;

public partial class RunPage
{
    // A page of history is enough on screen; Redis keeps more.
    private const int MaxRows = 100;

    private RunStatus? _run;
    private SourceStamp? _stamp;
    private Freshness _freshness;
    private RunConflict? _conflict;
    private IReadOnlyList<RunRecord> _history = [];
    private IRunControl? _control;
    private bool _auditable;
    private OperatorIdentity _who = new("anonymous", OperatorRole.Display, null);
    private bool _busy;
    private (string Css, string Text)? _feedback;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required IServiceProvider Services { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [CascadingParameter] public Task<AuthenticationState>? Authentication { get; set; }

    protected override StoreArea Areas => StoreArea.Run;

    private bool CanCommand => DisabledReason is null;

    private string? DisabledReason =>
        _control is null ? L["Run.NoController"].Value
        : !_auditable ? L["Run.NoAuditLog"].Value
        : !_who.Has(OperatorRole.Expert) || _who.Name == "anonymous" ? L["Run.ExpertsOnly", L["Role." + _who.Role].Value].Value
        : null;

    protected override void OnInitialized()
    {
        _control = Services.GetService<IRunControl>();
        // No control action without an audit trail.
        _auditable = Services.GetService<IAuditLog>() is not null;
        base.OnInitialized();
    }

    // Runs again whenever the account changes (the authentication state cascades): lost rights disable the commands.
    protected override async Task OnParametersSetAsync()
    {
        // Only decides what is enabled; the action service checks the account again at send time.
        if (_auditable) (_who, _) = await Services.GetRequiredService<ActionService>().CurrentAsync();
    }

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        (_run, _stamp) = Store.Run.Snapshot();
        _freshness = Store.RunFreshness(Store.Time.GetUtcNow());
        _conflict = Store.Run.Conflict;
        _history = Store.Run.History;
    }

    private async Task Ask(RunCommand command)
    {
        _feedback = null;
        var parameters = new DialogParameters<RunCommandDialog>
        {
            { d => d.Command, command },
            { d => d.From, _run?.State },
            { d => d.RunType, _run?.RunType },
        };
        var dialog = await Dialogs.ShowAsync<RunCommandDialog>(L["Run.ConfirmTitle", L["RunCommand." + command].Value].Value, parameters);
        if (await dialog.Result is { Canceled: false, Data: RunCommandAnswer answer }) await SendAsync(command, answer);
    }

    private async Task SendAsync(RunCommand command, RunCommandAnswer answer)
    {
        if (_control is null) return;
        var name = L["RunCommand." + command].Value;
        var action = "run." + command.ToString().ToLowerInvariant();
        var target = _run is null ? "run" : "run " + _run.RunNumber.ToString(CultureInfo.InvariantCulture);
        var why = command == RunCommand.Start ? answer.Comment : answer.Reason;
        _busy = true;
        _feedback = ("pending", L["Run.Pending", name].Value);
        StateHasChanged();
        RunCommandResult? result = null;
        var control = _control;
        var done = await Services.GetRequiredService<ActionService>().RunAsync(new ConsoleAction(action, target, OperatorRole.Expert, why), async who =>
        {
            result = await control.SendAsync(new RunCommandRequest(command, who.Name, answer.RunType, answer.Comment, answer.Reason));
            return new ActionAudit(result.AuditOutcome);
        });
        _busy = false;
        _feedback = result is null ? ("rejected", L["Run.Rejected", name, ActionMessages.Problem(L, done)].Value) : result.Outcome switch
        {
            RunCommandOutcome.Accepted => ("accepted", L["Run.Accepted", name].Value),
            RunCommandOutcome.Rejected => ("rejected", L["Run.Rejected", name, result.Detail ?? ""].Value),
            _ => ("timedout", L["Run.TimedOut", name].Value),
        };
        // The line on the page stays as the record; the snackbar makes sure the outcome is seen.
        ActionSnackbar.Show(Snackbar, _feedback.Value.Css == "accepted" ? Severity.Success : _feedback.Value.Css == "timedout" ? Severity.Warning : Severity.Error, _feedback.Value.Text);
    }

    private static string Time(DateTimeOffset? t) => t is { } v ? v.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "—";
}
