namespace OnlineConsole.Core.Security;

/// <summary>What a signed-in operator may do; each role includes the ones below it.</summary>
public enum OperatorRole
{
    /// <summary>Read-only, for wall screens.</summary>
    Display = 0,
    /// <summary>View; acknowledge and shelve alarms with a comment.</summary>
    Shifter = 1,
    /// <summary>Plus run control, process control, thresholds.</summary>
    Expert = 2,
    /// <summary>Plus settings and users.</summary>
    Admin = 3,
}

/// <summary>Who is acting, and from where.</summary>
public sealed record OperatorIdentity(string Name, OperatorRole Role, string? RemoteAddress)
{
    public bool Has(OperatorRole required) => Role >= required;
}

/// <summary>One line of the audit trail. The app only ever appends.</summary>
/// <param name="Action">Dotted action name, e.g. "run.start", "limits.change", "login.failed".</param>
/// <param name="Target">What the action was on (a run number, a setting, a user).</param>
/// <param name="Reason">The operator's comment ("why").</param>
/// <param name="Before">Previous value for settings changes (secrets masked).</param>
/// <param name="After">New value for settings changes (secrets masked).</param>
/// <param name="Outcome">"ok", "refused", "failed: ...", ...</param>
public sealed record AuditEntry(
    DateTimeOffset At,
    string User,
    string? RemoteAddress,
    string Action,
    string Target,
    string? Reason,
    string? Before,
    string? After,
    string Outcome);

public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);
}

public sealed record AuditQuery(DateTimeOffset? From = null, DateTimeOffset? To = null, string? User = null, string? ActionPrefix = null, int Limit = 500);
