using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OnlineConsole.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The settings database: users and their sessions, the audit trail, and settings changed in the console. SQLite by default,
/// PostgreSQL as an option: the same parameterized SQL runs on both, only the schema creation differs.
/// </summary>
public sealed class SettingsDatabase
{
    private readonly string _connectionString;

    public SettingsDatabase(IOptions<DataOptions> options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var o = options.Value;
        Provider = o.Provider;
        DataDirectory = o.Resolve(environment.ContentRootPath);
        Directory.CreateDirectory(DataDirectory);
        _connectionString = Provider == DatabaseProvider.PostgreSql
            ? o.ConnectionString!
            : new SqliteConnectionStringBuilder { DataSource = Path.Combine(DataDirectory, "onlineconsole.db"), Pooling = true }.ToString();
        EnsureSchema();
    }

    public DatabaseProvider Provider { get; }

    /// <summary>Folder for the SQLite file and the data-protection keys.</summary>
    public string DataDirectory { get; }

    public DbConnection Open()
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            var pg = new NpgsqlConnection(_connectionString);
            pg.Open();
            return pg;
        }
        var c = new SqliteConnection(_connectionString);
        c.Open();
        // Several writers (circuits, login endpoint, CLI) share the file: wait instead of failing on a lock.
        using var pragma = Command(c, "PRAGMA busy_timeout = 5000;");
        pragma.ExecuteNonQuery();
        return c;
    }

    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var cmd = connection.CreateCommand();
#pragma warning disable CA2100 // Callers pass constant SQL; values always travel as parameters.
        cmd.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    public bool IsUniqueViolation(DbException ex) => ex switch
    {
        SqliteException s => s.SqliteErrorCode == 19,
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    private void EnsureSchema()
    {
        using var c = Open();
        using (var cmd = Command(c, Provider == DatabaseProvider.PostgreSql ? PostgreSqlSchema : SqliteSchema))
            cmd.ExecuteNonQuery();
        // Databases made before sessions existed: their users get an empty stamp, which no cookie carries.
        AddColumnIfMissing(c, "users", "stamp", "TEXT NOT NULL DEFAULT ''");
        // Databases made before events kept their number: the old rows are numbered in the order they were written.
        if (AddColumnIfMissing(c, "alarm_events", "id", "BIGINT NULL"))
        {
            using var number = Command(c, Provider == DatabaseProvider.PostgreSql
                ? "UPDATE alarm_events SET id = n.n FROM (SELECT ctid, row_number() OVER (ORDER BY at) AS n FROM alarm_events) n WHERE alarm_events.ctid = n.ctid"
                : "UPDATE alarm_events SET id = rowid");
            number.ExecuteNonQuery();
        }
        using var index = Command(c, "CREATE INDEX IF NOT EXISTS alarm_events_id ON alarm_events(id)");
        index.ExecuteNonQuery();
    }

    /// <summary>Adds a column that an older database lacks; true when it was added.</summary>
    private bool AddColumnIfMissing(DbConnection c, string table, string column, string definition)
    {
        using var exists = Command(c, Provider == DatabaseProvider.PostgreSql
            ? "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @t AND column_name = @c"
            : "SELECT count(*) FROM pragma_table_info(@t) WHERE name = @c", ("t", table), ("c", column));
        if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0) return false;
        using var add = Command(c, $"ALTER TABLE {table} ADD COLUMN {column} {definition}");
        add.ExecuteNonQuery();
        return true;
    }

    // Both schemas: sessions (signed out when ended_at is set), settings (one JSON value per section), the alarms
    // that are not normal (one JSON value per key) and every alarm event for the history.
    private const string CommonTables = """
        CREATE TABLE IF NOT EXISTS sessions (
            id TEXT PRIMARY KEY, user_name TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT NULL);
        CREATE TABLE IF NOT EXISTS settings (
            name TEXT PRIMARY KEY, value TEXT NOT NULL, changed_at TEXT NOT NULL, changed_by TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS alarms (
            key TEXT PRIMARY KEY, value TEXT NOT NULL, changed_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS alarm_events (
            at TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL,
            activation BIGINT NOT NULL, run_number BIGINT NULL, run_state TEXT NULL, user_name TEXT NULL, comment TEXT NULL,
            labels TEXT NULL, id BIGINT NULL);
        CREATE INDEX IF NOT EXISTS alarm_events_at ON alarm_events(at);
        CREATE INDEX IF NOT EXISTS alarm_events_key ON alarm_events(key);
        """;

    // Names compare case-insensitively through lower(name), which both databases index the same way.
    private const string SqliteSchema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS users (
            name TEXT PRIMARY KEY, role INTEGER NOT NULL, password_hash TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0, failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TEXT NULL,
            created_at TEXT NOT NULL, password_changed_at TEXT NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS users_lower_name ON users(lower(name));
        CREATE TABLE IF NOT EXISTS audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user_name TEXT NOT NULL, remote_address TEXT NULL,
            action TEXT NOT NULL, target TEXT NOT NULL, reason TEXT NULL, before_value TEXT NULL, after_value TEXT NULL,
            outcome TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
        -- The trail is append-only: the database itself refuses edits and deletions.
        CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        """ + CommonTables;

    private const string PostgreSqlSchema = """
        CREATE TABLE IF NOT EXISTS users (
            name TEXT PRIMARY KEY, role BIGINT NOT NULL, password_hash TEXT NOT NULL,
            disabled BIGINT NOT NULL DEFAULT 0, failed_logins BIGINT NOT NULL DEFAULT 0, locked_until TEXT NULL,
            created_at TEXT NOT NULL, password_changed_at TEXT NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS users_lower_name ON users(lower(name));
        CREATE TABLE IF NOT EXISTS audit (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at TEXT NOT NULL, user_name TEXT NOT NULL, remote_address TEXT NULL,
            action TEXT NOT NULL, target TEXT NOT NULL, reason TEXT NULL, before_value TEXT NULL, after_value TEXT NULL,
            outcome TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
        CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'audit is append-only'; END $$;
        CREATE OR REPLACE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
        """ + CommonTables;
}
