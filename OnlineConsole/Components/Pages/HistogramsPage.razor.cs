using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using OnlineConsole.Components.Controls;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Quality;
using OnlineConsole.Core.Run;
using OnlineConsole.Core.Security;
using OnlineConsole.Quality;
using OnlineConsole.Resources;
using OnlineConsole.Security;

namespace OnlineConsole.Components.Pages;

/// <summary>
/// Data-quality histograms by run and name, each drawn with its reference (the run an expert marked, else the
/// previous run). Page -> the store's histogram area -> the Kafka collector (or the simulator).
/// </summary>
public partial class HistogramsPage
{
    private IReadOnlyList<long> _runs = [];
    private IReadOnlyList<StoredHistogram> _histograms = [];
    private long _run;
    private long? _liveRun;
    private HashSet<string> _downSources = [];
    private bool _runPicked;
    private string? _name;
    private string? _search;
    private bool _busy;
    private (string Css, string Text)? _feedback;
    private OperatorIdentity _who = new("anonymous", OperatorRole.Display, null);

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required HistogramReferenceActions Actions { get; init; }
    [Inject] public required ActionService ActionService { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    [SupplyParameterFromQuery(Name = "run")] public long? QueryRun { get; set; }
    [SupplyParameterFromQuery(Name = "name")] public string? QueryName { get; set; }

    protected override StoreArea Areas => StoreArea.Histograms | StoreArea.Run;

    private bool CanAct => _who.Has(OperatorRole.Expert) && _who.Name != "anonymous";

    private IEnumerable<StoredHistogram> Shown => _histograms.Where(h => string.IsNullOrEmpty(_search) || h.Value.Name.Contains(_search, StringComparison.OrdinalIgnoreCase));

    private StoredHistogram? Selected => _name is null ? null : _histograms.FirstOrDefault(h => h.Value.Name == _name);

    protected override void OnInitialized()
    {
        if (QueryRun is { } r)
        {
            _run = r;
            _runPicked = true;
        }
        _name = QueryName;
        base.OnInitialized();
    }

    protected override async Task OnParametersSetAsync() => (_who, _) = await ActionService.CurrentAsync();

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        _runs = Store.Histograms.Runs();
        _liveRun = Store.Run.Snapshot().Status is { State: RunState.Running } s ? s.RunNumber : null;
        // Once per batch, not once per row.
        _downSources = [.. Store.Collectors.Snapshot().Where(c => c.State == Core.Collectors.CollectorState.Retrying).Select(c => c.Source)];
        // Follows the newest run until the operator picks one.
        if (!_runPicked || !_runs.Contains(_run)) _run = _runs.Count > 0 ? _runs[0] : 0;
        _histograms = Store.Histograms.OfRun(_run);
        if (_name is null && _histograms.Count > 0) _name = _histograms[0].Value.Name;
    }

    private void SelectRun(long run)
    {
        _run = run;
        _runPicked = true;
        _feedback = null;
        ReadSnapshot(null);
    }

    private void Select(string name)
    {
        _name = name;
        _feedback = null;
    }

    private async Task MarkAsync(string name, long? run)
    {
        var title = run is { } r ? L["Histo.MarkTitle", name, r].Value : L["Histo.UnmarkTitle", name].Value;
        var parameters = new DialogParameters<ReasonDialog>
        {
            { d => d.Title, title },
            { d => d.Effect, run is not null ? L["Histo.MarkEffect", name].Value : L["Histo.UnmarkEffect", name].Value },
            { d => d.ReasonLabel, L["Svc.Reason"].Value },
            { d => d.ReasonTestId, "histo-reason" },
            { d => d.ReasonRequiredText, L["Svc.ReasonRequired"].Value },
            { d => d.ConfirmText, run is not null ? L["Histo.MarkConfirm"].Value : L["Histo.Unmark"].Value },
            { d => d.CancelText, L["Dcr.Cancel"].Value },
        };
        var dialog = await Dialogs.ShowAsync<ReasonDialog>(title, parameters);
        if (await dialog.Result is not { Canceled: false, Data: string reason }) return;
        _busy = true;
        var done = await Actions.SetAsync(name, run, reason);
        _busy = false;
        _feedback = done.Succeeded ? ("accepted", L["Histo.MarkDone", name].Value) : ("rejected", L["Histo.MarkFailed", ActionMessages.Problem(L, done)].Value);
        ActionSnackbar.Show(Snackbar, done.Succeeded ? Severity.Success : Severity.Error, _feedback.Value.Text);
    }

    /// <summary>
    /// A histogram of the running run is expected each minute: stale after three without one, or when its source is
    /// down. A finished run's histograms are final, not stale.
    /// </summary>
    private Freshness FreshnessOf(StoredHistogram h)
    {
        var now = Store.Time.GetUtcNow();
        if (h.Value.Run != _liveRun) return Freshness.Fresh;
        return _downSources.Contains(h.Stamp.Source) || now - h.Stamp.UpdatedAt > StaleAfter ? Freshness.Stale : Freshness.Fresh;
    }

    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(3);

    private static string Num(double v) => double.IsFinite(v) ? v.ToString(Math.Abs(v) >= 100 ? "N1" : "0.###", CultureInfo.CurrentCulture) : "—";
}
