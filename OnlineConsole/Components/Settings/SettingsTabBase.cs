using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using OnlineConsole.Components.Pages;
using OnlineConsole.Core.Notifications;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Settings;

/// <summary>
/// A settings tab: a draft of its section made from the version the page holds (reset when the page loads another),
/// checked on every edit with every problem listed, saved through the page (reason, action service, new version).
/// </summary>
public abstract class SettingsTabBase : ComponentBase
{
    private long _draftOf = -1;

    [CascadingParameter] public required SettingsPage Host { get; set; }
    [Parameter] public NotificationOptions Config { get; set; } = new();
    [Parameter] public long Version { get; set; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    /// <summary>What saving the draft now would break (empty: it saves).</summary>
    protected IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>The draft differs from the version in force.</summary>
    protected bool Dirty { get; set; }

    protected bool ReadOnly => !Host.CanEdit;

    protected override void OnParametersSet()
    {
        if (_draftOf == Version) return;
        _draftOf = Version;
        Dirty = false;
        ResetDraft();
        Errors = [];
    }

    /// <summary>Makes the draft from <see cref="Config"/>.</summary>
    protected abstract void ResetDraft();

    /// <summary>Writes the draft into a copy of the configuration.</summary>
    protected abstract void ApplyDraft(NotificationOptions target);

    /// <summary>Renamed contact points (new name -> stored name), so their secrets follow them.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Renames => null;

    /// <summary>Problems of the draft's own fields (a duration that does not parse) that the configuration cannot show.</summary>
    protected virtual IEnumerable<string> DraftErrors() => [];

    /// <summary>Call after every edit of the draft.</summary>
    protected void Edited()
    {
        Dirty = true;
        Errors = [.. DraftErrors(), .. Host.Check(ApplyDraft, Renames)];
    }

    protected async Task SaveAsync(string target)
    {
        Errors = [.. DraftErrors(), .. Host.Check(ApplyDraft, Renames)];
        if (Errors.Count > 0) return;
        if (await Host.SaveAsync(target, ApplyDraft, Renames)) Dirty = false;
    }

    protected void Discard()
    {
        Dirty = false;
        ResetDraft();
        Errors = [];
    }

    // Durations as the configuration writes them ("00:00:30"); empty is "inherit" / "none".
    protected static string Duration(TimeSpan? t) => t is { } v ? v.ToString("c", CultureInfo.InvariantCulture) : "";

    /// <summary>Parses a duration; a bad one is kept as null and reported by <paramref name="errors"/>.</summary>
    protected static TimeSpan? ParseDuration(string? text, string field, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var t)) return t;
        errors.Add($"{field} '{text}' is not a duration like 00:05:00.");
        return null;
    }

    protected static List<string> SplitList(string? text) =>
        [.. (text ?? "").Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    protected static List<string> SplitLines(string? text) =>
        [.. (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
