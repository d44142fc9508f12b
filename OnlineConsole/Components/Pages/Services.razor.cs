using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using OnlineConsole.Components.Controls;
using OnlineConsole.Components.Live;
using OnlineConsole.Components.Services;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Core.Services;
using OnlineConsole.Processes;
using OnlineConsole.Resources;
using OnlineConsole.Security;

namespace OnlineConsole.Components.Pages;

/// <summary>
/// The online software's health as one tree (supervisord hosts with their processes, the services the simulator or
/// the collectors report), worst state rolled up, each row with its age; experts start, stop and restart processes.
/// </summary>
public partial class Services
{
    private IReadOnlyList<ServiceHealth> _services = [];
    private List<ServiceRow> _visible = [];

    // Past this many rows only those in view are rendered (a cluster's pods); below it, all of them, so search-free
    // reading and printing keep every row.
    private const int VirtualizeAbove = 150;
    private DateTimeOffset _now;
    private int _up;
    private string? _text;
    private bool _onlyProblems;
    private string? _selected;
    private bool _busy;
    private (string Css, string Text)? _feedback;
    private OperatorIdentity _who = new("anonymous", OperatorRole.Display, null);

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required ProcessActions Actions { get; init; }
    [Inject] public required IEnumerable<IProcessLogs> Logs { get; init; }
    [Inject] public required ActionService ActionService { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [CascadingParameter] public Task<AuthenticationState>? Authentication { get; set; }

    protected override StoreArea Areas => StoreArea.Services;

    private bool CanAct => _who.Has(OperatorRole.Expert) && _who.Name != "anonymous";

    private IReadOnlyList<ServiceRow> Rows => ServiceTree.Build(_services, s => Store.ServiceFreshness(s, _now), _text, _onlyProblems);

    // A parent with more children than this (the compute nodes) starts folded; its own row still shows the worst below.
    private const int FoldAbove = 20;
    private readonly HashSet<string> _folded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unfolded = new(StringComparer.Ordinal);

    private bool IsFolded(ServiceRow r) =>
        r.Children > 0 && (_folded.Contains(r.Service.Name) || (r.Children > FoldAbove && !_unfolded.Contains(r.Service.Name)));

    private void Toggle(ServiceRow r)
    {
        var name = r.Service.Name;
        if (IsFolded(r))
        {
            _folded.Remove(name);
            _unfolded.Add(name);
        }
        else
        {
            _unfolded.Remove(name);
            _folded.Add(name);
        }
    }

    /// <summary>The rows under a folded parent are left out, except while searching or filtering: a match shows wherever it is.</summary>
    private List<ServiceRow> VisibleRows
    {
        get
        {
            var rows = Rows;
            if (!string.IsNullOrWhiteSpace(_text) || _onlyProblems) return [.. rows];
            var hidden = new HashSet<string>(StringComparer.Ordinal);
            var shown = new List<ServiceRow>(rows.Count);
            foreach (var r in rows)
            {
                if (r.Service.Parent is { } parent && hidden.Contains(parent))
                {
                    hidden.Add(r.Service.Name);
                    continue;
                }
                shown.Add(r);
                if (IsFolded(r)) hidden.Add(r.Service.Name);
            }
            return shown;
        }
    }

    private ServiceHealth? Selected => _selected is { } n ? _services.FirstOrDefault(s => s.Name == n) : null;

    // Runs again whenever the account changes (the authentication state cascades): lost rights disable the buttons.
    protected override async Task OnParametersSetAsync() => (_who, _) = await ActionService.CurrentAsync();

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        _now = Store.Time.GetUtcNow();
        _services = Store.Services.Snapshot();
        _up = _services.Count(s => s.State == ServiceState.Up && Store.ServiceFreshness(s, _now) == Freshness.Fresh);
    }

    // What supervisord would refuse is not offered: start a running process, stop a stopped one.
    private static bool Applies(ServiceHealth s, ProcessAction action) => action switch
    {
        ProcessAction.Start => s.State != ServiceState.Up,
        ProcessAction.Stop => s.State != ServiceState.Down,
        _ => true,
    };

    // A row under a parent shows the last part of its name ("mon:trigger", a pod's name, "hd001"); a top row its full one.
    private static string ShortName(ServiceRow r) =>
        r.Service.Parent is not null && r.Service.Name.LastIndexOf('/') is var i and >= 0 ? r.Service.Name[(i + 1)..] : r.Service.Name;

    /// <summary>How often the open process's output is read again.</summary>
    public static readonly TimeSpan TailInterval = TimeSpan.FromSeconds(2);

    private ProcessLogTail? _tail;
    private string? _tailError;
    private CancellationTokenSource? _tailing;

    private bool HasLogs(string service) => Logs.Any(l => l.HasLogs(service));

    // Opening a row shows its detail; a process's output is then read every TailInterval while it stays open.
    private void Select(string? name)
    {
        _selected = name;
        _tailing?.Cancel();
        _tailing?.Dispose();
        _tailing = null;
        (_tail, _tailError) = (null, null);
        if (name is null || Logs.FirstOrDefault(l => l.HasLogs(name)) is not { } source) return;
        _tailing = new CancellationTokenSource();
        _ = TailLoopAsync(source, name, _tailing.Token);
    }

    private async Task TailLoopAsync(IProcessLogs source, string name, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(TimeSpan.FromSeconds(5));
                    var tail = await source.TailAsync(name, timeout.Token);
                    if (ct.IsCancellationRequested) return;
                    (_tail, _tailError) = (tail, null);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // The output is a view: a failure shows next to the last good read, and the next read may work.
                    _tailError = e.Message;
                }
                await InvokeAsync(StateHasChanged);
                await Task.Delay(TailInterval, Store.Time, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    protected override ValueTask DisposeCoreAsync()
    {
        _tailing?.Cancel();
        _tailing?.Dispose();
        return ValueTask.CompletedTask;
    }

    // A kind the console knows is named in the page's language; another source's own kind is shown as it came.
    private string KindText(string kind) => L["Kind." + kind] is { ResourceNotFound: false } known ? known.Value : kind;

    // Restarting a workload is a rollout, not a process restart.
    private string EffectKey(string service, ProcessAction action) =>
        action == ProcessAction.Restart && _services.FirstOrDefault(x => x.Name == service)?.Kind is KubernetesKinds.Deployment or KubernetesKinds.StatefulSet
            ? "Svc.Effect.Rollout" : "Svc.Effect." + action;

    private async Task AskAsync(string service, ProcessAction action)
    {
        _feedback = null;
        var verb = L["Svc." + action].Value;
        var title = L["Svc.ConfirmTitle", verb, service].Value;
        var parameters = new DialogParameters<ReasonDialog>
        {
            { d => d.Title, title },
            { d => d.Effect, L[EffectKey(service, action)].Value },
            { d => d.ReasonLabel, L["Svc.Reason"].Value },
            { d => d.ReasonTestId, "svc-reason" },
            { d => d.ReasonRequiredText, L["Svc.ReasonRequired"].Value },
            { d => d.ConfirmText, verb },
            { d => d.CancelText, L["Dcr.Cancel"].Value },
        };
        var dialog = await Dialogs.ShowAsync<ReasonDialog>(title, parameters);
        if (await dialog.Result is not { Canceled: false, Data: string reason }) return;

        _busy = true;
        _feedback = ("pending", L["Svc.Pending", verb, service].Value);
        StateHasChanged();
        var done = await Actions.ControlAsync(service, action, reason);
        _busy = false;
        _feedback = done.Succeeded ? ("accepted", L["Svc.Done", verb, service].Value) : ("rejected", L["Svc.Failed", verb, service, ActionMessages.Problem(L, done)].Value);
        ActionSnackbar.Show(Snackbar, done.Succeeded ? Severity.Success : Severity.Error, _feedback.Value.Text);
    }
}
