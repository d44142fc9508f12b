using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using OnlineConsole.Components.Controls;
using OnlineConsole.Core.Dcs;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Quality;
using OnlineConsole.Core.Security;
using OnlineConsole.Dcs;
using OnlineConsole.Resources;
using OnlineConsole.Security;

namespace OnlineConsole.Components.Pages;

/// <summary>
/// The slow-control channels with value, state against limits, age and the last command; the selected channel with
/// its siblings (an HV channel's VMon, IMon, VSet and Status), its last hour, and, for experts, its commands.
/// Page -> the store's DCS area -> the MQTT collector (or the embedded demonstrator); channels from "Dcs:Points".
/// </summary>
public partial class DcsPage
{
    private IReadOnlyList<DcsChannel> _all = [];
    private List<DcsChannel> _rows = [];
    private IReadOnlyList<DcsChannel> _siblings = [];
    private IReadOnlyList<DcsChannel> _settable = [];
    private IReadOnlyList<string> _down = [];
    private DcsChannel? _selectedChannel;
    private IReadOnlyList<MetricPoint> _trend = [];
    private MetricThreshold? _limits;
    private string? _search;
    private string _kind = "";
    private bool _onlyOut;
    private string? _selected;
    private string? _setValue;
    private int _out;
    private bool _busy;
    private DateTimeOffset _now;
    private (string Css, string Text)? _feedback;
    private OperatorIdentity _who = new("anonymous", OperatorRole.Display, null);
    private int _tab;
    private bool _onlyAlarming;
    private int _treeAlarms;
    private IReadOnlyList<(DcsAlarmNode Node, PhoebusSeverity Worst)> _tree = [];

    private List<(DcsAlarmNode Node, PhoebusSeverity Worst)> TreeRows =>
        _onlyAlarming ? [.. _tree.Where(t => t.Worst != PhoebusSeverity.Ok)] : [.. _tree];

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required DcsActions Actions { get; init; }
    [Inject] public required ActionService ActionService { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    [SupplyParameterFromQuery(Name = "channel")] public string? QueryChannel { get; set; }
    [SupplyParameterFromQuery(Name = "q")] public string? QuerySearch { get; set; }

    /// <summary>An item of the EPICS alarm tree to show (the alarm list links here).</summary>
    [SupplyParameterFromQuery(Name = "alarm")] public string? QueryAlarm { get; set; }

    protected override StoreArea Areas => StoreArea.Dcs | StoreArea.Collectors;

    // Tens of thousands of readings a second arrive: the page redraws at most every half second.
    protected override TimeSpan? BatchWindow => TimeSpan.FromMilliseconds(500);

    private bool CanAct => _who.Has(OperatorRole.Expert) && _who.Name != "anonymous";

    protected override void OnInitialized()
    {
        _search = QuerySearch;
        _selected = QueryChannel;
        if (QueryAlarm is not null) _tab = 1;
        base.OnInitialized();
    }

    protected override async Task OnParametersSetAsync() => (_who, _) = await ActionService.CurrentAsync();

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        _now = Store.Time.GetUtcNow();
        var all = Store.Dcs.Snapshot();
        var added = !ReferenceEquals(all, _all);
        _all = all;
        _out = Store.Dcs.OutOfLimits().Count;
        _tree = Store.Dcs.AlarmTree.Snapshot();
        _treeAlarms = _tree.Count(t => t.Node.IsLeaf && t.Node.Enabled && t.Node.Severity != PhoebusSeverity.Ok);
        _down = Store.DownCollectorsFeeding(StoreArea.Dcs);
        // The rows are the channels themselves: values are read when a row is drawn, so only a new channel or the
        // out-of-limits filter needs a new list, not every reading.
        if (added || _onlyOut) Filter();
        if (_selected is not null && (_selectedChannel is null || added)) SelectChannel(_selected);
        if (_selectedChannel is { Kind: not DcsKind.Status } s) _trend = Store.Dcs.Trend(s.Id);
    }

    private void Select(string id)
    {
        _selected = id;
        _setValue = null;
        SelectChannel(id);
    }

    private void SelectChannel(string id)
    {
        _selectedChannel = Store.Dcs.Find(id);
        if (_selectedChannel is not { } c) return;
        // Siblings share the topic up to its last level: dcs/hv/03/07/12/{vmon,imon,vset,status}.
        var prefix = c.Id[..(c.Id.LastIndexOf('/') + 1)];
        _siblings = [.. _all.Where(x => x.Id.StartsWith(prefix, StringComparison.Ordinal) && x.Id.IndexOf('/', prefix.Length) < 0)];
        _settable = [.. _siblings.Where(x => x.SetTopic is not null)];
        _limits = c.Kind == DcsKind.Status ? null : new MetricThreshold { Name = c.Name, Above = c.Point.High, Below = c.Point.Low };
        _trend = c.Kind == DcsKind.Status ? [] : Store.Dcs.Trend(c.Id);
    }

    private void Filter()
    {
        IEnumerable<DcsChannel> source = _onlyOut ? Store.Dcs.OutOfLimits() : _all;
        if (_kind.Length > 0 && Enum.TryParse<DcsKind>(_kind, out var kind)) source = source.Where(c => c.Kind == kind);
        if (!string.IsNullOrWhiteSpace(_search))
        {
            var s = _search.Trim();
            source = source.Where(c => c.Id.Contains(s, StringComparison.OrdinalIgnoreCase) || c.Group.Contains(s, StringComparison.OrdinalIgnoreCase) || c.Name.Contains(s, StringComparison.OrdinalIgnoreCase));
        }
        _rows = [.. source];
    }

    private string Value(DcsChannel c) => c.Latest is not { } r ? "–"
        : r.Text is { } t ? L["Dcs.Status." + t].Value
        : r.Value.ToString(Math.Abs(r.Value) >= 1000 ? "N1" : "0.###", CultureInfo.CurrentCulture) + (c.Unit.Length > 0 ? " " + c.Unit : "");

    private string Css(DcsCommand c) => c.StateAt(_now).ToString().ToLowerInvariant();

    private string CommandText(DcsCommand c) => c.StateAt(_now) switch
    {
        DcsCommandState.Pending => L["Dcs.Cmd.Pending", c.Payload].Value,
        DcsCommandState.Applied => L["Dcs.Cmd.Applied", c.Payload].Value,
        _ => L["Dcs.Cmd.Failed", c.Payload, c.ReasonAt(_now) ?? ""].Value,
    };

    private async Task AskAsync(DcsChannel target, string? value)
    {
        _feedback = null;
        var shown = target.Kind == DcsKind.Status ? L["Dcs.Status." + value].Value : $"{value} {target.Unit}";
        var title = L["Dcs.ConfirmTitle", target.Group + " " + target.Name, shown].Value;
        var parameters = new DialogParameters<ReasonDialog>
        {
            { d => d.Title, title },
            { d => d.Effect, L[target.Kind == DcsKind.Status ? "Dcs.Effect.Power" : "Dcs.Effect.Set", target.SetTopic ?? ""].Value },
            { d => d.ReasonLabel, L["Svc.Reason"].Value },
            { d => d.ReasonTestId, "dcs-reason" },
            { d => d.ReasonRequiredText, L["Svc.ReasonRequired"].Value },
            { d => d.ConfirmText, L["Dcs.Send"].Value },
            { d => d.CancelText, L["Dcr.Cancel"].Value },
        };
        var dialog = await Dialogs.ShowAsync<ReasonDialog>(title, parameters);
        if (await dialog.Result is not { Canceled: false, Data: string reason }) return;

        _busy = true;
        StateHasChanged();
        var done = await Actions.SetAsync(target.Id, value, reason);
        _busy = false;
        _feedback = done.Succeeded ? ("accepted", L["Dcs.Sent", shown, target.Group + " " + target.Name].Value)
            : ("rejected", L["Dcs.NotSent", shown, target.Group + " " + target.Name, ActionMessages.Problem(L, done)].Value);
        ActionSnackbar.Show(Snackbar, done.Succeeded ? Severity.Success : Severity.Error, _feedback.Value.Text);
    }
}
