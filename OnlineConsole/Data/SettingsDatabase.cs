using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace OnlineConsole.Data;

/// <summary>
/// The settings database (SQLite): users and the audit trail today; settings and alarm routes later.
/// Plain parameterized SQL through ADO.NET keeps the provider swappable.
/// </summary>
public sealed class SettingsDatabase
{
    private readonly string _connectionString;

    public SettingsDatabase(IOptions<DataOptions> options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        DataDirectory = options.Value.Resolve(environment.ContentRootPath);
        Directory.CreateDirectory(DataDirectory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(DataDirectory, "onlineconsole.db"), Pooling = true }.ToString();
        EnsureSchema();
    }

    public string DataDirectory { get; }

    public SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        // Several writers (circuits, login endpoint, CLI) share the file: wait instead of failing on a lock.
        using var pragma = c.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 5000;";
        pragma.ExecuteNonQuery();
        return c;
    }

    private void EnsureSchema()
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS users (
                name TEXT PRIMARY KEY COLLATE NOCASE,
                role INTEGER NOT NULL,
                password_hash TEXT NOT NULL,
                disabled INTEGER NOT NULL DEFAULT 0,
                failed_logins INTEGER NOT NULL DEFAULT 0,
                locked_until TEXT NULL,
                created_at TEXT NOT NULL,
                password_changed_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                user_name TEXT NOT NULL,
                remote_address TEXT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                reason TEXT NULL,
                before_value TEXT NULL,
                after_value TEXT NULL,
                outcome TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
            -- The trail is append-only: the database itself refuses edits and deletions.
            CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
            """;
        cmd.ExecuteNonQuery();
    }
}
