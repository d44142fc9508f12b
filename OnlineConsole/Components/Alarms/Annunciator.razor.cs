using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using OnlineConsole.Components.Live;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Alarms;

public partial class Annunciator : JsModuleComponent
{
    private ElementReference _root;
    private long _handle;
    private object[][] _items = [];
    private string _sent = "";

    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    protected override StoreArea Areas => StoreArea.Alarms;

    protected override string ModulePath => "./js/alarms/annunciator.js";

    // Only a changed set of standing activations renders (and is sent).
    protected override object? ViewKey => _sent;

    protected override void ReadSnapshot(ChangeBatch? batch)
    {
        _items = [.. Sounding(Store.Alarms.Snapshot()).Select(a => new object[] { a.Activation, a.Severity.ToString().ToLowerInvariant() })];
        _sent = string.Join(',', _items.Select(i => i[0]));
    }

    /// <summary>
    /// Alarms that may sound: active, waiting for an acknowledgement, critical or major, not caused by another alarm
    /// (the notifier holds those back too) and not chattering (each bounce is a new activation: a tone every few seconds).
    /// </summary>
    public static IEnumerable<Alarm> Sounding(AlarmSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Alarms.Where(a => a.Active && a.State == AlarmState.ActiveUnacknowledged && a.Severity >= AlarmSeverity.Major
            && a.SuppressedBy is null && !a.Chattering);
    }

    protected override async Task CreateAsync(IJSObjectReference module)
    {
        _handle = await module.InvokeAsync<long>("create", _root, new
        {
            on = L["Annunciator.On"].Value,
            off = L["Annunciator.Off"].Value,
            blocked = L["Annunciator.Blocked"].Value,
            title = L["Annunciator.Title"].Value,
        });
    }

    protected override Task FeedAsync(IJSObjectReference module) => module.InvokeVoidAsync("update", _handle, _items).AsTask();

    protected override Task ReleaseAsync(IJSObjectReference module) => module.InvokeVoidAsync("dispose", _handle).AsTask();
}
