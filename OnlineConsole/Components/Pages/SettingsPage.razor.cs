using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MudBlazor;
using OnlineConsole.Components.Controls;
using OnlineConsole.Core.Notifications;
using OnlineConsole.Core.Security;
using OnlineConsole.Hosting;
using OnlineConsole.Notifications;
using OnlineConsole.Resources;
using OnlineConsole.Security;

namespace OnlineConsole.Components.Pages;

/// <summary>
/// The notification settings: the configuration in force, masked, shared with one tab per section. A tab edits its
/// own draft and saves through <see cref="SaveAsync"/>: a reason, then one new version via the action service
/// (admins only, whatever the page shows). A version saved elsewhere is announced, not pushed into open drafts.
/// </summary>
public partial class SettingsPage
{
    private int _tab;
    private OperatorIdentity _who = new("", OperatorRole.Display, null);
    private DateTimeOffset? _changedAt;
    private string _changedBy = "";
    private IReadOnlyList<string> _problems = [];
    private NotificationConfig? _newer;
    private (bool Ok, string Text)? _feedback;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required NotificationActions Actions { get; init; }
    [Inject] public required NotificationSettings Settings { get; init; }
    [Inject] public required ActionService ActionService { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required IOptions<SiteOptions> Site { get; init; }

    /// <summary>The configuration in force, secrets masked.</summary>
    public NotificationOptions Config { get; private set; } = new();

    /// <summary>The version the tabs' drafts were made from; a save names it.</summary>
    public long Version { get; private set; }

    public bool CanEdit => _who.Has(OperatorRole.Admin);

    /// <summary>The operator as the account is now.</summary>
    public OperatorIdentity Who => _who;

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    protected override async Task OnInitializedAsync()
    {
        Zone = TimeZoneInfo.FindSystemTimeZoneById(Site.Value.TimeZone);
        Settings.Changed += OnChanged;
        (_who, _) = await ActionService.CurrentAsync();
        Load();
    }

    public void Dispose() => Settings.Changed -= OnChanged;

    private void Load()
    {
        (var options, Version, _problems) = Actions.Masked();
        Config = options;
        var c = Settings.Current;
        (_changedAt, _changedBy) = (c.ChangedAt, c.ChangedBy);
        _newer = null;
    }

    private void Reload()
    {
        Load();
        _feedback = null;
    }

    private void OnChanged(NotificationConfig c)
    {
        if (c.Version == Version) return;
        _ = InvokeAsync(() =>
        {
            _newer = c;
            StateHasChanged();
        });
    }

    /// <summary>"2026-12-03 08:00:00 UTC · 16:00:00 Beijing".</summary>
    public string Times(DateTimeOffset t)
    {
        var site = TimeZoneInfo.ConvertTime(t, Zone);
        var zone = Site.Value.TimeZone == "Asia/Shanghai" ? L["BeijingTime"].Value : Site.Value.TimeZone;
        return string.Create(CultureInfo.InvariantCulture, $"{t.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC · {site:HH:mm:ss} {zone}");
    }

    /// <summary>The problems the change would cause, all at once.</summary>
    public IReadOnlyList<string> Check(Action<NotificationOptions> change, IReadOnlyDictionary<string, string>? renames = null) =>
        Actions.Check(change, renames);

    /// <summary>Asks for the reason, saves the change as the next version, and reloads; true when it was saved.</summary>
    public async Task<bool> SaveAsync(string target, Action<NotificationOptions> change, IReadOnlyDictionary<string, string>? renames = null, string? reason = null)
    {
        reason ??= await AskReasonAsync(L["Set.SaveTitle", target].Value, L["Set.SaveEffect", Version + 1].Value);
        if (reason is null) return false;
        return Report(await Actions.ChangeAsync(target, reason, Version, change, renames), target);
    }

    public async Task<bool> RestoreAsync(long version)
    {
        var reason = await AskReasonAsync(L["Set.RestoreTitle", version].Value, L["Set.RestoreEffect", version, Version + 1].Value);
        return reason is not null && Report(await Actions.RestoreAsync(version, reason, Version), L["Set.RestoreTitle", version].Value);
    }

    public async Task<bool> ImportAsync(string yaml)
    {
        var reason = await AskReasonAsync(L["Set.ImportTitle"].Value, L["Set.SaveEffect", Version + 1].Value);
        return reason is not null && Report(await Actions.ImportAsync(yaml, reason, Version), L["Set.ImportTitle"].Value);
    }

    /// <summary>Asks for the reason and puts a dead letter back in the queue; true when it was queued.</summary>
    public Task<bool> ResendAsync(string key) =>
        RunAsync(L["Set.ResendTitle"].Value, L["Set.ResendEffect"].Value, L["Set.Resend"].Value, reason => Actions.ResendAsync(key, reason), L["Set.Resent"].Value);

    /// <summary>Asks for the reason, runs <paramref name="act"/> with it and shows its outcome; true when it succeeded.</summary>
    public async Task<bool> RunAsync(string title, string effect, string confirm, Func<string, Task<ActionResult>> act, string done)
    {
        ArgumentNullException.ThrowIfNull(act);
        var reason = await AskReasonAsync(title, effect, confirm);
        if (reason is null) return false;
        var result = await act(reason);
        _feedback = result.Succeeded ? (true, done) : (false, ActionMessages.Problem(L, result));
        ActionSnackbar.Show(Snackbar, result.Succeeded ? Severity.Success : Severity.Error, _feedback.Value.Text.Split('\n')[0]);
        StateHasChanged();
        return result.Succeeded;
    }

    private bool Report(ActionResult done, string target)
    {
        _feedback = done.Succeeded ? (true, L["Set.Saved", target, Settings.Current.Version].Value) : (false, ActionMessages.Problem(L, done));
        ActionSnackbar.Show(Snackbar, done.Succeeded ? Severity.Success : Severity.Error, _feedback.Value.Text.Split('\n')[0]);
        if (done.Succeeded) Load();
        StateHasChanged();
        return done.Succeeded;
    }

    private async Task<string?> AskReasonAsync(string title, string effect, string? confirm = null)
    {
        var parameters = new DialogParameters<ReasonDialog>
        {
            { d => d.Title, title },
            { d => d.Effect, effect },
            { d => d.ReasonLabel, L["Set.Reason"].Value },
            { d => d.ReasonTestId, "settings-reason" },
            { d => d.ReasonRequiredText, L["Set.ReasonRequired"].Value },
            { d => d.ConfirmText, confirm ?? L["Save"].Value },
            { d => d.CancelText, L["Cancel"].Value },
        };
        var dialog = await Dialogs.ShowAsync<ReasonDialog>(title, parameters);
        return await dialog.Result is { Canceled: false, Data: string reason } ? reason : null;
    }
}
