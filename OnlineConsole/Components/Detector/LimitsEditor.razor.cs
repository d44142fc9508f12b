using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using OnlineConsole.Components.Controls;
using OnlineConsole.Components.Live;
using MudBlazor;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Resources;
using OnlineConsole.Security;
using OnlineConsole.Core.Detector;

namespace OnlineConsole.Components.Detector;

public partial class LimitsEditor
{
    private List<Row> _rows = [];
    private List<string> _errors = [];
    private bool _saved;
    private bool _canEdit;
    private bool _auditAvailable;

    [Inject] public required OnlineConsole.Detector.DetectorLimitsSettings Limits { get; init; }
    [Inject] public required IServiceProvider Services { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    private sealed class Row
    {
        public PmtType Type { get; init; }
        public double Baseline { get; set; }
        public double Low { get; set; }
        public double High { get; set; }
        public double DeadBelow { get; set; }
        public double HotAbove { get; set; }
        public ChannelLimits ToLimits() => new(Baseline, Low, High, DeadBelow, HotAbove);
    }

    [CascadingParameter] public Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>? Authentication { get; set; }

    protected override void OnInitialized()
    {
        Load(Limits.Current);
        // Without an audit log there is no action service, and nothing may change.
        _auditAvailable = Services.GetService<IServiceProviderIsService>()?.IsService(typeof(IAuditLog)) == true;
    }

    // Runs again whenever the account changes (the authentication state cascades).
    protected override async Task OnParametersSetAsync()
    {
        if (!_auditAvailable) return;
        var (who, _) = await Services.GetRequiredService<ActionService>().CurrentAsync();
        _canEdit = who.Has(OperatorRole.Expert);
    }

    private void Load(DetectorLimitsOptions limits) =>
        _rows = [.. Enum.GetValues<PmtType>().Select(t =>
        {
            var l = limits.For(t);
            return new Row { Type = t, Baseline = l.Baseline, Low = l.Low, High = l.High, DeadBelow = l.DeadBelow, HotAbove = l.HotAbove };
        })];

    private async Task SaveAsync()
    {
        _saved = false;
        var before = Limits.Current;
        var after = new DetectorLimitsOptions { Dynode = _rows[0].ToLimits(), Mcp = _rows[1].ToLimits(), Small = _rows[2].ToLimits() };
        _errors = [.. after.Validate()];
        if (_errors.Count > 0) return;
        var changed = string.Join(", ", Enum.GetValues<PmtType>().Where(t => before.For(t) != after.For(t)).Select(t => t.Code()));
        var title = L["Dcr.ConfirmTitle"].Value;
        var parameters = new DialogParameters<ReasonDialog>
        {
            { d => d.Title, title },
            { d => d.Effect, L["Dcr.ConfirmEffect", changed.Length == 0 ? "—" : changed].Value },
            { d => d.ReasonLabel, L["Dcr.Reason"].Value },
            { d => d.ReasonTestId, "limits-reason" },
            { d => d.ReasonRequiredText, L["Dcr.ReasonRequired"].Value },
            { d => d.ConfirmText, L["Dcr.Confirm"].Value },
            { d => d.CancelText, L["Dcr.Cancel"].Value },
        };
        var dialog = await Dialogs.ShowAsync<ReasonDialog>(title, parameters);
        if (await dialog.Result is not { Canceled: false, Data: string reason }) return;
        var done = await Services.GetRequiredService<ActionService>().RunAsync(new ConsoleAction("limits.change", DetectorLimitsOptions.Section, OperatorRole.Expert, reason), who =>
        {
            Limits.Save(after, who.Name);
            return Task.FromResult(new ActionAudit("ok", Json(before), Json(after)));
        });
        if (!done.Succeeded)
        {
            _errors = [ActionMessages.Problem(L, done)];
            ActionSnackbar.Show(Snackbar, Severity.Error, _errors[0]);
            return;
        }
        _saved = true;
        ActionSnackbar.Show(Snackbar, Severity.Success, L["Dcr.Saved"].Value);
    }

    private static string Json(DetectorLimitsOptions l) => OnlineConsole.Detector.DetectorLimitsSettings.Json(l);
}
