using System.Globalization;

namespace OnlineConsole.Data;

/// <summary>Who holds a lease, as the database says; <see cref="Until"/> is on the database's clock.</summary>
public sealed record LeaseHolder(string Holder, DateTimeOffset Since, DateTimeOffset Until, long Epoch);

/// <summary>
/// Lease rows in the shared PostgreSQL: one statement takes a free or expired lease or renews our own, judged on the
/// database's clock (so the replicas' clocks need not agree). A holder that dies stops renewing and its lease runs
/// out after the TTL; a holder that stops cleanly ends it so another takes over at its next try.
/// </summary>
public sealed class LeaseStore
{
    private readonly SettingsDatabase _database;

    public LeaseStore(SettingsDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Provider != DatabaseProvider.PostgreSql) throw new InvalidOperationException("Leases need the PostgreSQL settings database (Data:Provider=PostgreSql).");
        _database = database;
        using var c = database.Open();
        using var cmd = SettingsDatabase.Command(c, """
            CREATE TABLE IF NOT EXISTS leases (
                name TEXT PRIMARY KEY, holder TEXT NOT NULL, since TIMESTAMPTZ NOT NULL, until TIMESTAMPTZ NOT NULL, epoch BIGINT NOT NULL);
            """);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Takes or renews <paramref name="name"/> for <paramref name="replica"/>; returns whoever holds it afterwards.</summary>
    public LeaseHolder TryTake(string name, string replica, TimeSpan ttl)
    {
        using var c = _database.Open();
        var seconds = ttl.TotalSeconds;
        using (var take = SettingsDatabase.Command(c, """
            INSERT INTO leases (name, holder, since, until, epoch) VALUES (@n, @h, now(), now() + make_interval(secs => @ttl), 1)
            ON CONFLICT (name) DO UPDATE SET
                holder = EXCLUDED.holder,
                until = EXCLUDED.until,
                since = CASE WHEN leases.holder = EXCLUDED.holder THEN leases.since ELSE now() END,
                epoch = CASE WHEN leases.holder = EXCLUDED.holder THEN leases.epoch ELSE leases.epoch + 1 END
            WHERE leases.holder = EXCLUDED.holder OR leases.until < now()
            RETURNING holder, since, until, epoch
            """, ("n", name), ("h", replica), ("ttl", seconds)))
        using (var r = take.ExecuteReader())
            if (r.Read()) return Read(r);
        using var read = SettingsDatabase.Command(c, "SELECT holder, since, until, epoch FROM leases WHERE name = @n", ("n", name));
        using var rr = read.ExecuteReader();
        if (rr.Read()) return Read(rr);
        throw new InvalidOperationException($"lease {name} is neither free nor held"); // cannot happen: rows are never deleted
    }

    /// <summary>Gives the lease up (a clean stop), so the next replica need not wait for the TTL.</summary>
    public void Release(string name, string replica)
    {
        using var c = _database.Open();
        // Expired, not deleted: the next holder still counts the epoch up, so every hand-over has a new number.
        using var cmd = SettingsDatabase.Command(c, "UPDATE leases SET until = now() - interval '1 second' WHERE name = @n AND holder = @h", ("n", name), ("h", replica));
        cmd.ExecuteNonQuery();
    }

    private static LeaseHolder Read(System.Data.Common.DbDataReader r) =>
        new(r.GetString(0), ToOffset(r.GetValue(1)), ToOffset(r.GetValue(2)), Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture));

    private static DateTimeOffset ToOffset(object v) => v switch
    {
        DateTimeOffset o => o,
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        _ => throw new InvalidCastException($"not a time: {v.GetType().Name}"),
    };
}
