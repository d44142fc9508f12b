using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OnlineConsole.Core.Notifications;

namespace OnlineConsole.Data;

/// <summary>
/// The persistent outbox of notifications in the settings database (SQLite or PostgreSQL). A message is written once
/// under its idempotency key (a repeat of the same decision is ignored), claimed with a lease by one console
/// instance, marked sent or retried with backoff, and after the last attempt kept as a dead letter that can be resent.
/// Times are stored as fixed-width UTC text, so text order is time order on both databases.
/// </summary>
public sealed class NotificationOutbox
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Dead = "dead";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };
    private readonly SettingsDatabase _database;

    public NotificationOutbox(SettingsDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        using var c = database.Open();
        using var cmd = SettingsDatabase.Command(c, """
            CREATE TABLE IF NOT EXISTS notification_outbox (
                key TEXT PRIMARY KEY,
                contact_point TEXT NOT NULL,
                payload TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                next_attempt_at TEXT NOT NULL,
                lease_owner TEXT,
                lease_until TEXT,
                sent_at TEXT,
                sent_by TEXT,
                last_error TEXT);
            CREATE INDEX IF NOT EXISTS notification_outbox_due ON notification_outbox (state, next_attempt_at);
            """);
        cmd.ExecuteNonQuery();
    }

    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Adds the messages; those whose key is already there (sent, pending or dead) are left alone. Returns how many were new.</summary>
    public int Enqueue(IEnumerable<OutgoingNotification> messages, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var c = _database.Open();
        using var tx = c.BeginTransaction();
        var added = 0;
        foreach (var m in messages)
        {
            using var cmd = SettingsDatabase.Command(c, """
                INSERT INTO notification_outbox (key, contact_point, payload, state, attempts, created_at, next_attempt_at)
                VALUES (@k, @cp, @p, 'pending', 0, @t, @t) ON CONFLICT (key) DO NOTHING
                """, ("k", m.IdempotencyKey), ("cp", m.ContactPoint), ("p", JsonSerializer.Serialize(m, Json)), ("t", Stamp(now)));
            cmd.Transaction = tx;
            added += cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return added;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due messages for <paramref name="owner"/> until now + lease, oldest first.
    /// One UPDATE ... RETURNING: on PostgreSQL with FOR UPDATE SKIP LOCKED, so two instances never claim the same row.
    /// </summary>
    public IReadOnlyList<OutboxEntry> Claim(string owner, DateTimeOffset now, TimeSpan lease, int limit)
    {
        var pg = _database.Provider == DatabaseProvider.PostgreSql;
        var sql = $"""
            UPDATE notification_outbox SET lease_owner = @o, lease_until = @u
            WHERE key IN (SELECT key FROM notification_outbox
                WHERE state = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until < @now)
                ORDER BY created_at, key LIMIT @n{(pg ? " FOR UPDATE SKIP LOCKED" : "")})
            RETURNING key, contact_point, payload, state, attempts, created_at, next_attempt_at, sent_at, last_error
            """;
        using var c = _database.Open();
        using var cmd = SettingsDatabase.Command(c, sql, ("o", owner), ("u", Stamp(now + lease)), ("now", Stamp(now)), ("n", limit));
        return Read(cmd);
    }

    /// <summary>Marks sent, only while the lease is still ours (a lease that ran out may have been claimed by another instance).</summary>
    public bool MarkSent(string key, string owner, DateTimeOffset now)
    {
        using var c = _database.Open();
        using var cmd = SettingsDatabase.Command(c, """
            UPDATE notification_outbox SET state = 'sent', sent_at = @t, sent_by = @o, attempts = attempts + 1, lease_owner = NULL, lease_until = NULL, last_error = NULL
            WHERE key = @k AND lease_owner = @o
            """, ("k", key), ("o", owner), ("t", Stamp(now)));
        return cmd.ExecuteNonQuery() == 1;
    }

    /// <summary>Records a failed attempt: retried at <paramref name="retryAt"/>, or a dead letter when <paramref name="dead"/>.</summary>
    public void MarkFailed(string key, string owner, string error, DateTimeOffset retryAt, bool dead)
    {
        using var c = _database.Open();
        using var cmd = SettingsDatabase.Command(c, """
            UPDATE notification_outbox SET state = @s, attempts = attempts + 1, next_attempt_at = @r, last_error = @e, lease_owner = NULL, lease_until = NULL
            WHERE key = @k AND lease_owner = @o
            """, ("k", key), ("o", owner), ("s", dead ? Dead : Pending), ("r", Stamp(retryAt)), ("e", error.Length > 1000 ? error[..1000] : error));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Gives a claimed message back untried (a rate limit): due again at <paramref name="at"/>, no attempt counted.</summary>
    public void Release(string key, string owner, DateTimeOffset at)
    {
        using var c = _database.Open();
        using var cmd = SettingsDatabase.Command(c,
            "UPDATE notification_outbox SET next_attempt_at = @r, lease_owner = NULL, lease_until = NULL WHERE key = @k AND lease_owner = @o",
            ("k", key), ("o", owner), ("r", Stamp(at)));
        cmd.ExecuteNonQuery();
    }

    public IReadOnlyList<OutboxEntry> List(string state, int limit = 500)
    {
        using var c = _database.Open();
        using var cmd = SettingsDatabase.Command(c, """
            SELECT key, contact_point, payload, state, attempts, created_at, next_attempt_at, sent_at, last_error
            FROM notification_outbox WHERE state = @s ORDER BY created_at DESC, key LIMIT @n
            """, ("s", state), ("n", limit));
        return Read(cmd);
    }

    public IReadOnlyList<OutboxEntry> DeadLetters(int limit = 500) => List(Dead, limit);

    public OutboxEntry? Find(string key)
    {
        using var c = _database.Open();
        using var cmd = SettingsDatabase.Command(c, """
            SELECT key, contact_point, payload, state, attempts, created_at, next_attempt_at, sent_at, last_error
            FROM notification_outbox WHERE key = @k
            """, ("k", key));
        return Read(cmd).FirstOrDefault();
    }

    /// <summary>Puts a dead letter back in the queue with fresh attempts; false when there is no such dead letter.</summary>
    public bool Resend(string key, DateTimeOffset now)
    {
        using var c = _database.Open();
        using var cmd = SettingsDatabase.Command(c,
            "UPDATE notification_outbox SET state = 'pending', attempts = 0, next_attempt_at = @t, last_error = NULL WHERE key = @k AND state = 'dead'",
            ("k", key), ("t", Stamp(now)));
        return cmd.ExecuteNonQuery() == 1;
    }

    public long Count(string state)
    {
        using var c = _database.Open();
        using var cmd = SettingsDatabase.Command(c, "SELECT COUNT(*) FROM notification_outbox WHERE state = @s", ("s", state));
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Forgets sent messages older than <paramref name="before"/> (dead letters stay until resent or deleted by an admin).</summary>
    public int PurgeSent(DateTimeOffset before)
    {
        using var c = _database.Open();
        using var cmd = SettingsDatabase.Command(c, "DELETE FROM notification_outbox WHERE state = 'sent' AND sent_at < @t", ("t", Stamp(before)));
        return cmd.ExecuteNonQuery();
    }

    private static List<OutboxEntry> Read(DbCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var list = new List<OutboxEntry>();
        while (r.Read())
        {
            var n = JsonSerializer.Deserialize<OutgoingNotification>(r.GetString(2), Json);
            if (n is null) continue;
            list.Add(new OutboxEntry(r.GetString(0), r.GetString(1), n, r.GetString(3), Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture),
                Parse(r.GetString(5)), Parse(r.GetString(6)), r.IsDBNull(7) ? null : Parse(r.GetString(7)), r.IsDBNull(8) ? null : r.GetString(8)));
        }
        return list;
    }
}
