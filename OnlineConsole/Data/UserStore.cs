using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OnlineConsole.Core.Security;

namespace OnlineConsole.Data;

public sealed record StoredUser(string Name, OperatorRole Role, bool Disabled, int FailedLogins, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt, DateTimeOffset PasswordChangedAt);

public enum LoginResult
{
    Ok,
    /// <summary>Unknown user or wrong password: the caller must not tell which.</summary>
    Invalid,
    LockedOut,
    Disabled,
}

/// <summary>Local users with PBKDF2-hashed passwords (ASP.NET Core's hasher) and lockout after repeated failures.</summary>
public sealed class UserStore(SettingsDatabase database, IOptions<SecurityOptions> options, TimeProvider time)
{
    private static readonly PasswordHasher<string> Hasher = new();
    // Verifying against a dummy hash for unknown users keeps response times alike, so names cannot be probed.
    private static readonly string DummyHash = Hasher.HashPassword("", Guid.NewGuid().ToString());

    public static bool IsValidName(string name) =>
        name.Length is >= 2 and <= 64 && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '_');

    public int Count()
    {
        using var c = database.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM users";
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<StoredUser> List()
    {
        using var c = database.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name, role, disabled, failed_logins, locked_until, created_at, password_changed_at FROM users ORDER BY name";
        using var r = cmd.ExecuteReader();
        var list = new List<StoredUser>();
        while (r.Read()) list.Add(Read(r));
        return list;
    }

    public StoredUser? Find(string name)
    {
        using var c = database.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name, role, disabled, failed_logins, locked_until, created_at, password_changed_at FROM users WHERE name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        using var r = cmd.ExecuteReader();
        return r.Read() ? Read(r) : null;
    }

    /// <summary>Checks a password policy; returns the problem or null.</summary>
    public string? PasswordProblem(string password) =>
        password.Length < options.Value.MinPasswordLength ? $"The password must have at least {options.Value.MinPasswordLength} characters." : null;

    /// <exception cref="ArgumentException">Bad name, weak password, or the user exists.</exception>
    public void Add(string name, OperatorRole role, string password)
    {
        if (!IsValidName(name)) throw new ArgumentException("A user name has 2-64 letters, digits, '.', '-' or '_'.", nameof(name));
        if (PasswordProblem(password) is { } p) throw new ArgumentException(p, nameof(password));
        var now = Now();
        using var c = database.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES ($n, $r, $h, $t, $t)";
        cmd.Parameters.AddWithValue("$n", name);
        cmd.Parameters.AddWithValue("$r", (int)role);
        cmd.Parameters.AddWithValue("$h", Hasher.HashPassword(name, password));
        cmd.Parameters.AddWithValue("$t", now);
        try
        {
            cmd.ExecuteNonQuery();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            throw new ArgumentException($"User '{name}' exists already.", nameof(name), ex);
        }
    }

    public bool SetRole(string name, OperatorRole role) => Update(name, "role = $v", (int)role);

    public bool SetDisabled(string name, bool disabled) => Update(name, "disabled = $v, failed_logins = 0, locked_until = NULL", disabled ? 1 : 0);

    public bool ResetPassword(string name, string password)
    {
        if (PasswordProblem(password) is { } p) throw new ArgumentException(p, nameof(password));
        return Update(name, "password_hash = $v, failed_logins = 0, locked_until = NULL, password_changed_at = '" + Now() + "'", Hasher.HashPassword(name, password));
    }

    /// <summary>Verifies a login; counts failures and locks the account after Security:MaxFailedLogins.</summary>
    public LoginResult Verify(string name, string password)
    {
        using var c = database.Open();
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT password_hash, disabled, failed_logins, locked_until FROM users WHERE name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        string? hash = null;
        bool disabled = false;
        int failed = 0;
        DateTimeOffset? lockedUntil = null;
        using (var r = cmd.ExecuteReader())
        {
            if (r.Read())
            {
                hash = r.GetString(0);
                disabled = r.GetInt64(1) != 0;
                failed = (int)r.GetInt64(2);
                lockedUntil = r.IsDBNull(3) ? null : DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture);
            }
        }
        if (hash is null)
        {
            Hasher.VerifyHashedPassword("", DummyHash, password);
            return LoginResult.Invalid;
        }
        var now = time.GetUtcNow();
        if (lockedUntil is { } until && until > now) return LoginResult.LockedOut;
        var ok = Hasher.VerifyHashedPassword(name, hash, password) != PasswordVerificationResult.Failed;
        if (ok && disabled) return LoginResult.Disabled;
        cmd.Parameters.Clear();
        if (ok)
        {
            cmd.CommandText = "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE name = $n";
        }
        else
        {
            // A lock that has expired starts a fresh count.
            failed = lockedUntil is null ? failed + 1 : 1;
            var lockNow = failed >= options.Value.MaxFailedLogins;
            cmd.CommandText = "UPDATE users SET failed_logins = $f, locked_until = $l WHERE name = $n";
            cmd.Parameters.AddWithValue("$f", lockNow ? 0 : failed);
            cmd.Parameters.AddWithValue("$l", lockNow ? (now + options.Value.LockoutTime).ToString("O", CultureInfo.InvariantCulture) : DBNull.Value);
        }
        cmd.Parameters.AddWithValue("$n", name);
        cmd.ExecuteNonQuery();
        tx.Commit();
        return ok ? LoginResult.Ok : (failed >= options.Value.MaxFailedLogins ? LoginResult.LockedOut : LoginResult.Invalid);
    }

    private bool Update(string name, string set, object value)
    {
        using var c = database.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"UPDATE users SET {set} WHERE name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        cmd.Parameters.AddWithValue("$v", value);
        return cmd.ExecuteNonQuery() == 1;
    }

    private string Now() => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static StoredUser Read(SqliteDataReader r) => new(
        r.GetString(0), (OperatorRole)r.GetInt64(1), r.GetInt64(2) != 0, (int)r.GetInt64(3),
        r.IsDBNull(4) ? null : DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(r.GetString(5), CultureInfo.InvariantCulture), DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture));
}
