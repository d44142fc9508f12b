using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using OnlineConsole.Core.Security;
using OnlineConsole.Resources;

namespace OnlineConsole.Components.Pages.Admin;

public partial class AuditPage
{
    private IReadOnlyList<AuditEntry> _entries = [];
    private string? _user;
    private string? _action;
    private string? _from;
    private string? _to;
    private string? _search;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required IAuditLog Audit { get; init; }

    /// <summary>The value of a datetime-local field ("2026-12-02T16:05"), read as UTC as the page says.</summary>
    internal static DateTimeOffset? Utc(string? local) =>
        DateTime.TryParse(local, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    private string CsvUrl => "/admin/audit.csv?user=" + Uri.EscapeDataString(_user ?? "") + "&action=" + Uri.EscapeDataString(_action ?? "")
        + (Utc(_from) is { } f ? "&from=" + Uri.EscapeDataString(f.ToString("O", CultureInfo.InvariantCulture)) : "")
        + (Utc(_to) is { } t ? "&to=" + Uri.EscapeDataString(t.ToString("O", CultureInfo.InvariantCulture)) : "");

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync() =>
        _entries = await Audit.QueryAsync(new AuditQuery(Utc(_from), Utc(_to), Blank(_user), Blank(_action), 1000));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The quick filter: every word must occur in one of the row's fields (case-insensitive).</summary>
    private bool Matches(AuditEntry e)
    {
        if (string.IsNullOrWhiteSpace(_search)) return true;
        var row = string.Join(' ', e.User, e.RemoteAddress, e.Action, e.Target, e.Reason, e.Before, e.After, e.Outcome);
        return _search.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(w => row.Contains(w, StringComparison.OrdinalIgnoreCase));
    }
}
