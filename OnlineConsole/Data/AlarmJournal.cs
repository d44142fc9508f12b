using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Run;

namespace OnlineConsole.Data;

/// <summary>
/// The alarms in the settings database: every alarm that is not normal (so acknowledgements, shelves and latches
/// survive a restart) and every event (the history, searchable beyond what memory keeps).
/// </summary>
public sealed class AlarmJournal(SettingsDatabase database)
{
    public const int MaxSearchRows = 1000;

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The number of the last event written: a restarted console numbers its events after it, so no number repeats.</summary>
    public long LastEventId()
    {
        using var c = database.Open();
        using var cmd = SettingsDatabase.Command(c, "SELECT coalesce(max(id), 0) FROM alarm_events");
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<Alarm> Load()
    {
        using var c = database.Open();
        using var cmd = SettingsDatabase.Command(c, "SELECT value FROM alarms");
        using var r = cmd.ExecuteReader();
        var list = new List<Alarm>();
        while (r.Read())
            if (JsonSerializer.Deserialize<Alarm>(r.GetString(0), Json) is { } a) list.Add(a);
        return list;
    }

    public void Write(AlarmChanges changes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.IsEmpty) return;
        using var c = database.Open();
        using var tx = c.BeginTransaction();
        var at = now.ToString("O", CultureInfo.InvariantCulture);
        foreach (var a in changes.Upserted)
            Execute(c, tx, """
                INSERT INTO alarms (key, value, changed_at) VALUES (@k, @v, @t)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at
                """, ("k", a.Key), ("v", JsonSerializer.Serialize(a, Json)), ("t", at));
        foreach (var k in changes.Removed) Execute(c, tx, "DELETE FROM alarms WHERE key = @k", ("k", k));
        foreach (var e in changes.Events)
            Execute(c, tx, """
                INSERT INTO alarm_events (id, at, key, kind, severity, message, activation, run_number, run_state, user_name, comment, labels)
                VALUES (@id, @at, @k, @kind, @sev, @m, @act, @run, @rs, @u, @c, @l)
                """, ("id", e.Id),
                ("at", e.At.ToString("O", CultureInfo.InvariantCulture)), ("k", e.Key), ("kind", e.Kind.ToString()), ("sev", e.Severity.ToString()),
                ("m", e.Message), ("act", e.Activation), ("run", e.RunNumber), ("rs", e.RunState?.ToString()), ("u", e.User), ("c", e.Comment),
                ("l", e.Labels is { Count: > 0 } l ? JsonSerializer.Serialize(l, Json) : null));
        tx.Commit();
    }

    /// <summary>
    /// Events newest first: <paramref name="text"/> matches the key, the message or a label value; <paramref name="user"/>
    /// who acted (acknowledged, shelved, ...); at most <see cref="MaxSearchRows"/>.
    /// </summary>
    // CAST(@p AS TEXT): PostgreSQL must know a null parameter's type.
    public IReadOnlyList<AlarmEvent> Search(string? text, string? user, DateTimeOffset? from, DateTimeOffset? to, int limit = 500)
    {
        using var c = database.Open();
        var like = string.IsNullOrWhiteSpace(text) ? null : "%" + text.Trim().ToLowerInvariant() + "%";
        using var cmd = SettingsDatabase.Command(c, """
            SELECT at, key, kind, severity, message, activation, run_number, run_state, user_name, comment, labels, id FROM alarm_events
            WHERE (CAST(@like AS TEXT) IS NULL OR lower(key) LIKE @like OR lower(message) LIKE @like OR lower(coalesce(labels, '')) LIKE @like)
              AND (CAST(@user AS TEXT) IS NULL OR lower(user_name) = @user)
              AND (CAST(@from AS TEXT) IS NULL OR at >= @from) AND (CAST(@to AS TEXT) IS NULL OR at <= @to)
            ORDER BY at DESC LIMIT @limit
            """,
            ("like", like), ("user", string.IsNullOrWhiteSpace(user) ? null : user.Trim().ToLowerInvariant()),
            ("from", from?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
            ("to", to?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)), ("limit", Math.Clamp(limit, 1, MaxSearchRows)));
        return Read(cmd);
    }

    /// <summary>
    /// Events from <paramref name="from"/> up to (not including) <paramref name="before"/>, oldest first, at most
    /// <paramref name="limit"/>: the part of a report's window that happened before this process kept events in memory.
    /// </summary>
    public IReadOnlyList<AlarmEvent> Range(DateTimeOffset from, DateTimeOffset before, string? key = null, int limit = MaxRangeRows)
    {
        using var c = database.Open();
        using var cmd = SettingsDatabase.Command(c, """
            SELECT at, key, kind, severity, message, activation, run_number, run_state, user_name, comment, labels, id FROM alarm_events
            WHERE at >= @from AND at < @before AND (CAST(@key AS TEXT) IS NULL OR key = @key)
            ORDER BY at LIMIT @limit
            """,
            ("from", from.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
            ("before", before.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)), ("key", key), ("limit", Math.Clamp(limit, 1, MaxRangeRows)));
        return Read(cmd);
    }

    /// <summary>Most events one range read returns (a day of a 10,000-alarm flood raised and cleared twice).</summary>
    public const int MaxRangeRows = 200_000;

    private static List<AlarmEvent> Read(DbCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var list = new List<AlarmEvent>();
        while (r.Read())
        {
            list.Add(new AlarmEvent(r.IsDBNull(11) ? 0 : r.GetInt64(11), DateTimeOffset.Parse(r.GetString(0), CultureInfo.InvariantCulture), r.GetString(1),
                Enum.Parse<AlarmEventKind>(r.GetString(2)), Enum.Parse<AlarmSeverity>(r.GetString(3)), r.GetString(4), r.GetInt64(5),
                r.IsDBNull(6) ? null : r.GetInt64(6), r.IsDBNull(7) ? null : Enum.Parse<RunState>(r.GetString(7)),
                r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9))
            {
                Labels = r.IsDBNull(10) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(10), Json),
            });
        }
        return list;
    }

    private static void Execute(DbConnection c, DbTransaction tx, string sql, params (string, object?)[] parameters)
    {
        using var cmd = SettingsDatabase.Command(c, sql, parameters);
        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
    }
}
