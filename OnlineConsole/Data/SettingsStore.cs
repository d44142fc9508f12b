using System.Globalization;

namespace OnlineConsole.Data;

/// <summary>
/// Settings changed in the console, one JSON value per configuration section, in the settings database. They
/// overlay the configuration files at start-up, so a change made by an operator survives a restart.
/// </summary>
public sealed class SettingsStore(SettingsDatabase database, TimeProvider time)
{
    public string? Get(string name)
    {
        using var c = database.Open();
        using var cmd = SettingsDatabase.Command(c, "SELECT value FROM settings WHERE name = @n", ("n", name));
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>Inserts or replaces the value (the same statement on SQLite and PostgreSQL).</summary>
    public void Set(string name, string value, string changedBy)
    {
        using var c = database.Open();
        using var cmd = SettingsDatabase.Command(c, """
            INSERT INTO settings (name, value, changed_at, changed_by) VALUES (@n, @v, @t, @b)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, changed_by = excluded.changed_by
            """,
            ("n", name), ("v", value), ("t", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)), ("b", changedBy));
        cmd.ExecuteNonQuery();
        Saved?.Invoke(name);
    }

    /// <summary>Raised after a value was saved here (the replica bus tells the other replicas).</summary>
    public event Action<string>? Saved;
}
