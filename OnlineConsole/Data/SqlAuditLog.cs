using System.Globalization;
using OnlineConsole.Core.Security;

namespace OnlineConsole.Data;

/// <summary>The audit trail in the settings database. Only INSERT and SELECT: nothing here edits history.</summary>
public sealed class SqlAuditLog(SettingsDatabase database, ILogger<SqlAuditLog> logger) : IAuditLog
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var c = database.Open();
        await using var cmd = SettingsDatabase.Command(c, """
            INSERT INTO audit (at, user_name, remote_address, action, target, reason, before_value, after_value, outcome)
            VALUES (@at, @user, @addr, @action, @target, @reason, @before, @after, @outcome)
            """,
            ("at", entry.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), ("user", entry.User), ("addr", entry.RemoteAddress),
            ("action", entry.Action), ("target", entry.Target), ("reason", entry.Reason), ("before", entry.Before), ("after", entry.After),
            ("outcome", entry.Outcome));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        logger.LogInformation("Audit: {User} from {Address} {Action} {Target}: {Outcome}", entry.User, entry.RemoteAddress, entry.Action, entry.Target, entry.Outcome);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var c = database.Open();
        // Empty filters are '' rather than NULL: PostgreSQL cannot infer the type of an untyped NULL parameter.
        await using var cmd = SettingsDatabase.Command(c, """
            SELECT at, user_name, remote_address, action, target, reason, before_value, after_value, outcome FROM audit
            WHERE (@from = '' OR at >= @from) AND (@to = '' OR at <= @to)
              AND (@user = '' OR lower(user_name) = lower(@user))
              AND (@prefix = '' OR substr(action, 1, length(@prefix)) = @prefix)
            ORDER BY id DESC LIMIT @limit
            """,
            ("from", query.From is { } f ? f.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) : ""),
            ("to", query.To is { } t ? t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) : ""),
            ("user", query.User?.Trim() ?? ""), ("prefix", query.ActionPrefix?.Trim() ?? ""), ("limit", (long)Math.Clamp(query.Limit, 1, 100_000)));
        var result = new List<AuditEntry>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            result.Add(new AuditEntry(DateTimeOffset.Parse(r.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), r.GetString(1), S(2), r.GetString(3), r.GetString(4), S(5), S(6), S(7), r.GetString(8)));
        }
        return result;
    }
}
