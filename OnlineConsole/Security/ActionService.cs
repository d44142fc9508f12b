using Microsoft.AspNetCore.Components.Authorization;
using OnlineConsole.Core.Security;

namespace OnlineConsole.Security;

/// <summary>
/// The one way a page performs a control action or settings change: authorize against the account's current
/// state in the directory (not the principal captured at sign-in), perform, audit (who, when, from where, why,
/// before/after). One error policy: refusals, invalid input and failures are all audited and returned, never
/// thrown into the page. Scoped: one per circuit.
/// </summary>
public sealed class ActionService(AuthenticationStateProvider authentication, IAccountDirectory accounts, IAuditLog audit, TimeProvider time, ILogger<ActionService> logger)
{
    /// <summary>The operator with the rights the account has now (what a page may enable), and why not when refused.</summary>
    public async Task<(OperatorIdentity Who, AccessRefusal Refusal)> CurrentAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var claimed = Principals.Identity(user);
        var verdict = AccountCheck.Evaluate(user, accounts);
        var who = verdict is { Allowed: true, Account: { } a } ? claimed with { Role = a.Role } : claimed with { Role = OperatorRole.Display };
        return (who, verdict.Refusal);
    }

    public async Task<ActionResult> RunAsync(ConsoleAction action, Func<OperatorIdentity, Task<ActionAudit>> perform)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(perform);
        var (who, refusal) = await CurrentAsync();
        if (refusal == AccessRefusal.None && !who.Has(action.Required)) refusal = AccessRefusal.RoleTooLow;
        if (refusal != AccessRefusal.None)
        {
            var held = refusal == AccessRefusal.RoleTooLow ? $", account is {who.Role}" : "";
            await AppendAsync(who, action, $"refused: {Describe(refusal)} (needs {action.Required}{held})", null, null);
            return new ActionResult(ActionStatus.Refused, who, refusal, action.Required);
        }
        ActionAudit done;
        try
        {
            done = await perform(who);
        }
        catch (ArgumentException ex)
        {
            await AppendAsync(who, action, "invalid: " + ex.Message, null, null);
            return new ActionResult(ActionStatus.Invalid, who, Problem: ex.Message);
        }
#pragma warning disable CA1031 // The policy: every failure is logged, audited and shown; none escapes into the circuit.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "{Action} {Target} by {User} failed", action.Name, action.Target, who.Name);
            await AppendAsync(who, action, "failed: " + ex.Message, null, null);
            return new ActionResult(ActionStatus.Failed, who, Problem: ex.Message);
        }
        await AppendAsync(who, action, done.Outcome, done.Before, done.After);
        return new ActionResult(ActionStatus.Done, who);
    }

    public static string Describe(AccessRefusal refusal) => refusal switch
    {
        AccessRefusal.NotSignedIn => "not signed in",
        AccessRefusal.UnknownAccount => "the account no longer exists",
        AccessRefusal.Disabled => "the account is disabled",
        AccessRefusal.StaleSession => "the session predates a change to the account",
        AccessRefusal.SignedOut => "the session was signed out",
        AccessRefusal.RoleTooLow => "role too low",
        _ => "allowed",
    };

    private Task AppendAsync(OperatorIdentity who, ConsoleAction action, string outcome, string? before, string? after) =>
        audit.AppendAsync(new AuditEntry(time.GetUtcNow(), who.Name, who.RemoteAddress, action.Name, action.Target, action.Reason, before, after, outcome));
}
