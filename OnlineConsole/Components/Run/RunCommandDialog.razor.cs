using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using OnlineConsole.Core.Run;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Run;

public partial class RunCommandDialog
{
    private string? _runType;
    private string? _comment;
    private string? _reason;

    [CascadingParameter] public IMudDialogInstance? Dialog { get; set; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    [Parameter] public RunCommand Command { get; set; }
    [Parameter] public RunState? From { get; set; }
    [Parameter] public string? RunType { get; set; }

    // A stop ends the run for everyone: the run history keeps why.
    private bool NeedsReason => Command == RunCommand.Stop && string.IsNullOrWhiteSpace(_reason);

    private string Effect => From is { } from && RunStateMachine.Target(from, Command) is { } to
        ? L["Run.ConfirmEffect", L["RunState." + from].Value, L["RunState." + to].Value].Value
        : "";

    protected override void OnInitialized() => _runType = RunType ?? "physics";

    private void Cancel() => Dialog?.Cancel();

    private void Send()
    {
        if (NeedsReason) return;
        Dialog?.Close(DialogResult.Ok(new RunCommandAnswer(_runType, _comment, _reason)));
    }
}
