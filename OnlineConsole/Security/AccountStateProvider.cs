using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace OnlineConsole.Security;

/// <summary>
/// The authentication state of an open page follows the account: checked every <see cref="Interval"/> and at once
/// when the directory announces a change. A lowered role re-renders the page with the new role (controls go); a
/// disabled account, a stale stamp or a signed-out session make the page anonymous, and it leaves for the
/// sign-in page. Cookie and trusted-proxy users alike. Scoped: one per circuit.
/// </summary>
public sealed class AccountStateProvider : ServerAuthenticationStateProvider, IDisposable
{
    /// <summary>Also catches changes made by another process (the users command line).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private static readonly AuthenticationState Anonymous = new(new ClaimsPrincipal(new ClaimsIdentity()));

    private readonly IAccountDirectory _accounts;
    private readonly ILogger<AccountStateProvider> _logger;
    private readonly ITimer _timer;
    private volatile Task<AuthenticationState>? _state;
    private int _checking;
    private int _pending;

    public AccountStateProvider(IAccountDirectory accounts, TimeProvider time, ILogger<AccountStateProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(time);
        _accounts = accounts;
        _logger = logger;
        AuthenticationStateChanged += task => _state = task;
        _accounts.Changed += OnAccountChanged;
        _timer = time.CreateTimer(_ => _ = RevalidateAsync(), null, Interval, Interval);
    }

    private void OnAccountChanged(object? sender, AccountChangedEventArgs e) => _ = RevalidateAsync();

    private async Task RevalidateAsync()
    {
        // One check at a time; a change announced during a check runs another check right after it, not at the
        // next tick (that would add up to one interval to "within seconds").
        Volatile.Write(ref _pending, 1);
        if (Interlocked.Exchange(ref _checking, 1) == 1) return;
        try
        {
            while (Interlocked.Exchange(ref _pending, 0) == 1)
                await CheckOnceAsync();
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
        // A change announced between the last loop test and the release above.
        if (Volatile.Read(ref _pending) == 1) await RevalidateAsync();
    }

    private async Task CheckOnceAsync()
    {
        if (_state is not { } current) return;
        try
        {
            var user = (await current).User;
            if (user.Identity?.IsAuthenticated != true) return;
            var verdict = AccountCheck.Evaluate(user, _accounts);
            if (!verdict.Allowed)
            {
                _logger.LogInformation("Open page of {User} ends: {Reason}", user.Identity.Name, ActionService.Describe(verdict.Refusal));
                SetAuthenticationState(Task.FromResult(Anonymous));
            }
            else if (verdict.Replacement is { } updated)
            {
                _logger.LogInformation("Open page of {User} now has the role {Role}", user.Identity.Name, verdict.Account!.Role);
                SetAuthenticationState(Task.FromResult(new AuthenticationState(updated)));
            }
        }
#pragma warning disable CA1031 // A failed check (database unreachable) keeps the state until the next one; actions check again themselves.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogWarning(ex, "Revalidating an open page failed");
        }
    }

    public void Dispose()
    {
        _accounts.Changed -= OnAccountChanged;
        _timer.Dispose();
    }
}
