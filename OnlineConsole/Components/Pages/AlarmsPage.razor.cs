using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using OnlineConsole.Alarms;
using OnlineConsole.Components.Alarms;
using OnlineConsole.Components.Controls;
using OnlineConsole.Components.Live;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Resources;
using OnlineConsole.Security;

namespace OnlineConsole.Components.Pages;

/// <summary>
/// The one list of everything that is wrong: active alarms worst first (those caused by another hidden under their
/// root cause unless asked for), shelved and out-of-service alarms, the history, and an alarm's detail with its
/// timeline and the actions a shifter or expert may take.
/// </summary>
public partial class AlarmsPage
{
    private static readonly AlarmSeverity[] Severities = [AlarmSeverity.Critical, AlarmSeverity.Major, AlarmSeverity.Minor, AlarmSeverity.Warning];
    private static readonly AlarmState[] ListStates = [AlarmState.ActiveUnacknowledged, AlarmState.ActiveAcknowledged, AlarmState.ReturnedUnacknowledged];
    private static readonly (AlarmSortColumn Column, string Label)[] SortColumns =
    [
        (AlarmSortColumn.Severity, "Alarm.Col.Severity"), (AlarmSortColumn.State, "Alarm.Col.State"), (AlarmSortColumn.Message, "Alarm.Col.Message"),
        (AlarmSortColumn.Area, "Alarm.Col.Area"), (AlarmSortColumn.Age, "Alarm.Col.Age"), (AlarmSortColumn.Run, "Alarm.Col.Run"), (AlarmSortColumn.Count, "Alarm.Col.Count"),
    ];

    private AlarmSnapshot _snapshot = AlarmSnapshot.Empty;
    private IReadOnlyList<AlarmRow> _rows = [];
    private long _rowsVersion = -1;
    private IReadOnlyList<string> _areas = [];
    private Alarm? _detail;
    private string? _detailKey;
    private IReadOnlyList<AlarmEvent> _timeline = [];
    private int _tab;
    private string? _text;
    private string? _area;
    private AlarmSeverity? _severity;
    private AlarmState? _state;
    private bool _showAffected;
    private AlarmSortColumn _sort = AlarmSortColumn.Severity;
    private bool _descending = true;
    private string? _causeFilter;
    private readonly HashSet<string> _selected = new(StringComparer.Ordinal);
    private string? _comment;
    private string? _detailComment;
    private int _shelveMinutes = 60;
    private bool _busy;
    private (string Css, string Text)? _feedback;
    private OperatorIdentity _who = new("anonymous", OperatorRole.Display, null);

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required AlarmActions Actions { get; init; }
    [Inject] public required ActionService ActionService { get; init; }

    /// <summary>Opens an alarm's detail (links from the overview, the header and notifications).</summary>
    [SupplyParameterFromQuery(Name = "key")] public string? Key { get; set; }

    protected override StoreArea Areas => StoreArea.Alarms;

    // A list read by people: at most two renders a second, however fast alarms change.
    protected override TimeSpan? BatchWindow => TimeSpan.FromMilliseconds(500);

    private bool CanAct => _who.Has(OperatorRole.Shifter) && _who.Name != "anonymous";
    private bool IsExpert => _who.Has(OperatorRole.Expert) && _who.Name != "anonymous";

    private IReadOnlyList<AlarmRow> ActiveRows
    {
        get
        {
            // The table enumerates its items several times per render: filter and sort once per change of rows,
            // filters or order. The table itself does not sort (no sort labels), it only pages what it is given.
            var key = (_rowsVersion, _text, _area, _severity, _state, _showAffected, _causeFilter, _sort, _descending);
            if (_shown is null || !key.Equals(_shownFor)) (_shown, _shownFor) = (AlarmRowOrder.Sort(_rows.Where(Matches), _sort, _descending), key);
            return _shown;
        }
    }

    private IReadOnlyList<AlarmRow>? _shown;
    private object? _shownFor;
    private IReadOnlyList<Alarm> Shelved => [.. _snapshot.Alarms.Where(a => a.State == AlarmState.Shelved)];
    private IReadOnlyList<Alarm> OutOfService => [.. _snapshot.Alarms.Where(a => a.State == AlarmState.OutOfService)];

    private bool AllShownSelected
    {
        get
        {
            var any = false;
            foreach (var r in ActiveRows)
            {
                var a = r.Alarm;
                if (!a.NeedsAcknowledgement) continue;
                any = true;
                if (!_selected.Contains(a.Key)) return false;
            }
            return any;
        }
    }

    // Runs again whenever the account changes (the authentication state cascades): lost rights disable the actions.
    protected override async Task OnParametersSetAsync()
    {
        (_who, _) = await ActionService.CurrentAsync();
        if (Key is { Length: > 0 } key && key != _detailKey) Open(key);
    }

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        _snapshot = Store.Alarms.Snapshot();
        if (_snapshot.Version != _rowsVersion)
        {
            // Texts are made once per change of the alarms, not in every sort comparison and render.
            _rowsVersion = _snapshot.Version;
            _rows = [.. _snapshot.Alarms.Where(a => a.InActiveList).Select(a => new AlarmRow(a, AlarmText.Message(L, a), AlarmText.AreaName(L, AlarmText.Area(a))))];
            _areas = [.. _snapshot.Alarms.Select(AlarmText.Area).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            // A selection keeps only what can still be acknowledged.
            if (_selected.Count > 0)
            {
                var open = _rows.Where(r => r.Alarm.NeedsAcknowledgement).Select(r => r.Alarm.Key).ToHashSet(StringComparer.Ordinal);
                _selected.RemoveWhere(k => !open.Contains(k));
            }
        }
        RefreshDetail();
    }

    private bool Matches(AlarmRow row)
    {
        var a = row.Alarm;
        if (_causeFilter is { } cause) return a.SuppressedBy == cause || a.Key == cause;
        if (!_showAffected && a.SuppressedBy is not null) return false;
        if (_area is { } area && AlarmText.Area(a) != area) return false;
        if (_severity is { } s && a.Severity != s) return false;
        if (_state is { } st && a.State != st) return false;
        if (_text is not { Length: > 0 } text) return true;
        return a.Key.Contains(text, StringComparison.OrdinalIgnoreCase)
            || row.Text.Contains(text, StringComparison.OrdinalIgnoreCase)
            || a.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
            || a.Labels.Values.Any(v => v.Contains(text, StringComparison.OrdinalIgnoreCase));
    }

    private void SortBy(AlarmSortColumn column)
    {
        (_sort, _descending) = column == _sort ? (column, !_descending) : (column, AlarmRowOrder.StartsDescending(column));
    }

    private string? AriaSort(AlarmSortColumn column) => column != _sort ? null : _descending ? "descending" : "ascending";

    private string SortIcon(AlarmSortColumn column) =>
        column != _sort ? Icons.Material.Filled.UnfoldMore : _descending ? Icons.Material.Filled.ArrowDownward : Icons.Material.Filled.ArrowUpward;

    private string RowClass(AlarmRow r, int _) => RowClass(r.Alarm);

    private string RowClass(Alarm a) =>
        "alarm-row alarm-row-" + a.Severity.ToString().ToLowerInvariant() + (a.NeedsAcknowledgement ? " alarm-unacked" : "") + (a.Key == _detailKey ? " alarm-selected" : "");

    private void Toggle(Alarm a, ChangeEventArgs e)
    {
        if (e.Value is true) _selected.Add(a.Key);
        else _selected.Remove(a.Key);
    }

    private void ToggleAll(ChangeEventArgs e)
    {
        var on = e.Value is true;
        foreach (var r in ActiveRows.Where(r => r.Alarm.NeedsAcknowledgement))
            if (on) _selected.Add(r.Alarm.Key);
            else _selected.Remove(r.Alarm.Key);
    }

    private void ShowAffectedOf(string key)
    {
        _causeFilter = _causeFilter == key ? null : key;
    }

    private void Open(string key)
    {
        _detailKey = key;
        _detailComment = null;
        RefreshDetail();
    }

    private void Close()
    {
        _detailKey = null;
        _detail = null;
    }

    private void RefreshDetail()
    {
        if (_detailKey is null) return;
        _detail = Store.Alarms.Find(_detailKey) ?? _detail;
        _timeline = [.. Store.Alarms.Events(_detailKey).Reverse()];
    }

    private IEnumerable<int> ShelveChoices(AlarmSeverity severity)
    {
        var max = Store.Alarms.Options.MaxShelve.TryGetValue(severity, out var m) ? m : TimeSpan.FromHours(8);
        return new[] { 1, 15, 60, 240, 480, 1440, 4320 }.Where(x => TimeSpan.FromMinutes(x) <= max);
    }

    private async Task AcknowledgeSelectedAsync()
    {
        var items = _snapshot.Alarms.Where(a => _selected.Contains(a.Key)).Select(a => (a.Key, a.Activation)).ToList();
        await DoAsync(() => Actions.AcknowledgeAsync(items, _comment ?? ""), "Alarm.Done.Ack", items.Count == 1 ? items[0].Key : items.Count.ToString(System.Globalization.CultureInfo.CurrentCulture));
        _selected.Clear();
        _comment = null;
    }

    private Task AcknowledgeAsync(Alarm a) => DoAsync(() => Actions.AcknowledgeAsync([(a.Key, a.Activation)], _detailComment ?? ""), "Alarm.Done.Ack", a.Key, clearDetail: true);

    private Task ShelveAsync(Alarm a) => DoAsync(() => Actions.ShelveAsync(a.Key, TimeSpan.FromMinutes(_shelveMinutes), _detailComment ?? ""), "Alarm.Done.Shelve", a.Key, clearDetail: true);

    private Task UnshelveAsync(Alarm a) => DoAsync(() => Actions.UnshelveAsync(a.Key, _detailComment ?? ""), "Alarm.Done.Unshelve", a.Key, clearDetail: true);

    private Task DisableAsync(Alarm a) => DoAsync(() => Actions.RemoveFromServiceAsync(a.Key, _detailComment ?? ""), "Alarm.Done.Disable", a.Key, clearDetail: true);

    private Task EnableAsync(Alarm a) => DoAsync(() => Actions.ReturnToServiceAsync(a.Key, _detailComment ?? ""), "Alarm.Done.Enable", a.Key, clearDetail: true);

    private async Task DoAsync(Func<Task<ActionResult>> act, string doneText, string what, bool clearDetail = false)
    {
        _busy = true;
        try
        {
            var result = await act();
            _feedback = result.Succeeded ? ("ok", L[doneText, what].Value) : ("bad", L["Alarm.NotDone", ActionMessages.Problem(L, result)].Value);
            if (result.Succeeded && clearDetail) _detailComment = null;
        }
        finally
        {
            _busy = false;
        }
        ReadSnapshot(null);
    }
}
