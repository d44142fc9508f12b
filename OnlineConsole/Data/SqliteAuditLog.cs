using System.Globalization;
using Microsoft.Data.Sqlite;
using OnlineConsole.Core.Security;

namespace OnlineConsole.Data;

/// <summary>The audit trail in the settings database. Only INSERT and SELECT: nothing here edits history.</summary>
public sealed class SqliteAuditLog(SettingsDatabase database, ILogger<SqliteAuditLog> logger) : IAuditLog
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var c = database.Open();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = """
            INSERT INTO audit (at, user_name, remote_address, action, target, reason, before_value, after_value, outcome)
            VALUES ($at, $user, $addr, $action, $target, $reason, $before, $after, $outcome)
            """;
        cmd.Parameters.AddWithValue("$at", entry.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$user", entry.User);
        cmd.Parameters.AddWithValue("$addr", (object?)entry.RemoteAddress ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$action", entry.Action);
        cmd.Parameters.AddWithValue("$target", entry.Target);
        cmd.Parameters.AddWithValue("$reason", (object?)entry.Reason ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$before", (object?)entry.Before ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$after", (object?)entry.After ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$outcome", entry.Outcome);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        logger.LogInformation("Audit: {User} from {Address} {Action} {Target}: {Outcome}", entry.User, entry.RemoteAddress, entry.Action, entry.Target, entry.Outcome);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var c = database.Open();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT at, user_name, remote_address, action, target, reason, before_value, after_value, outcome FROM audit
            WHERE ($from IS NULL OR at >= $from) AND ($to IS NULL OR at <= $to)
              AND ($user IS NULL OR user_name = $user COLLATE NOCASE)
              AND ($prefix IS NULL OR substr(action, 1, length($prefix)) = $prefix)
            ORDER BY id DESC LIMIT $limit
            """;
        cmd.Parameters.AddWithValue("$from", query.From is { } f ? f.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value);
        cmd.Parameters.AddWithValue("$to", query.To is { } t ? t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value);
        cmd.Parameters.AddWithValue("$user", string.IsNullOrWhiteSpace(query.User) ? DBNull.Value : query.User.Trim());
        cmd.Parameters.AddWithValue("$prefix", string.IsNullOrWhiteSpace(query.ActionPrefix) ? DBNull.Value : query.ActionPrefix.Trim());
        cmd.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, 100_000));
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
