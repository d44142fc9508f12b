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
using OnlineConsole.Data;

namespace OnlineConsole.Components.Pages.Admin;

public partial class UsersPage
{
    private IReadOnlyList<StoredUser> _users = [];
    private string? _message;
    private bool _messageIsError;
    private string? _resetFor;
    private string _newName = "";
    private string _newPassword = "";
    private OperatorRole _newRole = OperatorRole.Shifter;
    private string? _search;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required UserStore Users { get; init; }
    [Inject] public required ActionService Actions { get; init; }
    [Inject] public required TimeProvider Time { get; init; }

    protected override void OnInitialized() => _users = Users.List();

    // Enabled sorts before locked before disabled.
    private int StateOf(StoredUser u) => u.Disabled ? 2 : u.LockedUntil is { } l && l > Time.GetUtcNow() ? 1 : 0;

    private string StateText(StoredUser u) => StateOf(u) switch
    {
        2 => L["User.Disabled"].Value,
        1 => L["User.Locked"].Value,
        _ => L["User.Enabled"].Value,
    };

    /// <summary>The quick filter: every word must occur in the name, the role or the state (case-insensitive).</summary>
    private bool Matches(StoredUser u)
    {
        if (string.IsNullOrWhiteSpace(_search)) return true;
        var row = string.Join(' ', u.Name, u.Role.ToString(), L["Role." + u.Role].Value, StateText(u));
        return _search.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(w => row.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every change goes through the action service (admin now, audited), whatever the page showed.</summary>
    private async Task RunAsync(string action, string target, Func<OperatorIdentity, (string? Before, string? After)> change)
    {
        var done = await Actions.RunAsync(new ConsoleAction(action, target, OperatorRole.Admin), who =>
        {
            var (before, after) = change(who);
            return Task.FromResult(new ActionAudit("ok", before, after));
        });
        _messageIsError = !done.Succeeded;
        _message = done.Succeeded ? $"{action} {target}: ok" : ActionMessages.Problem(L, done);
        _users = Users.List();
    }

    private Task ChangeRoleAsync(StoredUser u, string? value) =>
        Enum.TryParse<OperatorRole>(value, out var role)
            ? RunAsync("user.role", u.Name, _ => (Users.SetRole(u.Name, role) ? ($"role={u.Role}", $"role={role}") : throw new ArgumentException($"No user {u.Name}.")))
            : Task.CompletedTask;

    private Task ToggleAsync(StoredUser u) =>
        RunAsync(u.Disabled ? "user.enable" : "user.disable", u.Name, _ => { Users.SetDisabled(u.Name, !u.Disabled); return ($"disabled={u.Disabled}", $"disabled={!u.Disabled}"); });

    private async Task ResetAsync()
    {
        var name = _resetFor!;
        var password = _newPassword;
        _newPassword = "";
        await RunAsync("user.password-reset", name, _ => { Users.ResetPassword(name, password); return (null, null); });
        if (!_messageIsError) _resetFor = null;
    }

    private async Task AddAsync()
    {
        var (name, password, role) = (_newName.Trim(), _newPassword, _newRole);
        _newPassword = "";
        await RunAsync("user.add", name, _ => { Users.Add(name, role, password); return (null, $"role={role}"); });
        if (!_messageIsError) _newName = "";
    }
}
