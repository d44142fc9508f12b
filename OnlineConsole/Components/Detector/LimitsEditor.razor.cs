using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using OnlineConsole.Components.Controls;
using OnlineConsole.Components.Live;
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
    private string? _reason;
    private bool _saved;
    private bool _canEdit;
    private bool _auditAvailable;

    [Inject] public required OnlineConsole.Detector.DetectorLimitsSettings Limits { get; init; }
    [Inject] public required IServiceProvider Services { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }

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
        if (string.IsNullOrWhiteSpace(_reason)) _errors.Add(L["Dcr.ReasonRequired"]);
        if (_errors.Count > 0) return;
        var done = await Services.GetRequiredService<ActionService>().RunAsync(new ConsoleAction("limits.change", DetectorLimitsOptions.Section, OperatorRole.Expert, _reason), who =>
        {
            Limits.Save(after, who.Name);
            return Task.FromResult(new ActionAudit("ok", Json(before), Json(after)));
        });
        if (!done.Succeeded)
        {
            _errors = [ActionMessages.Problem(L, done)];
            return;
        }
        _saved = true;
        _reason = null;
    }

    private static string Json(DetectorLimitsOptions l) => OnlineConsole.Detector.DetectorLimitsSettings.Json(l);
}
