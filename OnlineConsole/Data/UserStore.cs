using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OnlineConsole.Core.Security;
using OnlineConsole.Security;

namespace OnlineConsole.Data;


/// <summary>
/// Local users with PBKDF2-hashed passwords (ASP.NET Core's hasher), lockout after repeated failures, and their
/// sign-in sessions. Every change is announced, so open pages follow the account at once.
/// </summary>
public sealed class UserStore(SettingsDatabase database, IOptions<SecurityOptions> options, TimeProvider time) : IAccountDirectory
{
    private const string Columns = "name, role, disabled, failed_logins, locked_until, created_at, password_changed_at, stamp";

    // A session not signed out is forgotten after this long (the sliding cookie is then refused).
    private static readonly TimeSpan SessionRetention = TimeSpan.FromDays(30);

    public event EventHandler<AccountChangedEventArgs>? Changed;
    private static readonly PasswordHasher<string> Hasher = new();
    // Verifying against a dummy hash for unknown users keeps response times alike, so names cannot be probed.
    private static readonly string DummyHash = Hasher.HashPassword("", Guid.NewGuid().ToString());

    public static bool IsValidName(string name) =>
        name.Length is >= 2 and <= 64 && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '_');

    public int Count()
    {
        using var c = database.Open();
        using var cmd = SettingsDatabase.Command(c, "SELECT count(*) FROM users");
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<StoredUser> List()
    {
        using var c = database.Open();
        using var cmd = SettingsDatabase.Command(c, $"SELECT {Columns} FROM users ORDER BY lower(name)");
        using var r = cmd.ExecuteReader();
        var list = new List<StoredUser>();
        while (r.Read()) list.Add(Read(r));
        return list;
    }

    public StoredUser? Find(string name)
    {
        using var c = database.Open();
        using var cmd = SettingsDatabase.Command(c, $"SELECT {Columns} FROM users WHERE lower(name) = lower(@n)", ("n", name));
        using var r = cmd.ExecuteReader();
        return r.Read() ? Read(r) : null;
    }

    /// <summary>Checks the password policy; returns the problem or null.</summary>
    public string? PasswordProblem(string password) =>
        password.Length < options.Value.MinPasswordLength ? $"The password must have at least {options.Value.MinPasswordLength} characters." : null;

    /// <exception cref="ArgumentException">Bad name, weak password, or the user exists.</exception>
    public void Add(string name, OperatorRole role, string password)
    {
        if (!IsValidName(name)) throw new ArgumentException("A user name has 2-64 letters, digits, '.', '-' or '_'.", nameof(name));
        if (PasswordProblem(password) is { } p) throw new ArgumentException(p, nameof(password));
        var now = Now();
        using var c = database.Open();
        using var cmd = SettingsDatabase.Command(c,
            "INSERT INTO users (name, role, password_hash, created_at, password_changed_at, stamp) VALUES (@n, @r, @h, @t, @t, @s)",
            ("n", name), ("r", (long)role), ("h", Hasher.HashPassword(name, password)), ("t", now), ("s", NewStamp()));
        try
        {
            cmd.ExecuteNonQuery();
        }
        catch (DbException ex) when (database.IsUniqueViolation(ex))
        {
            throw new ArgumentException($"User '{name}' exists already.", nameof(name), ex);
        }
    }

    /// <summary>A new role applies to open sessions at once (they keep running with it).</summary>
    public bool SetRole(string name, OperatorRole role) => Update(name, "role = @v", (long)role);

    /// <summary>Disabling or enabling ends every session of the account (new stamp).</summary>
    public bool SetDisabled(string name, bool disabled) => Update(name, "disabled = @v, failed_logins = 0, locked_until = NULL, stamp = @s", disabled ? 1L : 0L);

    /// <summary>A new password ends every session of the account (new stamp).</summary>
    public bool ResetPassword(string name, string password)
    {
        if (PasswordProblem(password) is { } p) throw new ArgumentException(p, nameof(password));
        return Update(name, "password_hash = @v, failed_logins = 0, locked_until = NULL, password_changed_at = @t, stamp = @s", Hasher.HashPassword(name, password));
    }

    AccountState? IAccountDirectory.Find(string name) => Find(name) is { } u ? new AccountState(u.Name, u.Role, u.Disabled, u.Stamp) : null;

    /// <summary>Records a sign-in session and returns its id (a claim of the cookie).</summary>
    public string StartSession(string name)
    {
        var id = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        using var c = database.Open();
        using (var prune = SettingsDatabase.Command(c, "DELETE FROM sessions WHERE started_at < @old OR (ended_at IS NOT NULL AND ended_at < @ended)",
            ("old", Stamp(now - SessionRetention)), ("ended", Stamp(now - TimeSpan.FromDays(1)))))
            prune.ExecuteNonQuery();
        using var cmd = SettingsDatabase.Command(c, "INSERT INTO sessions (id, user_name, started_at) VALUES (@i, @n, @t)", ("i", id), ("n", name), ("t", Stamp(now)));
        cmd.ExecuteNonQuery();
        return id;
    }

    /// <summary>Signs a session out: every tab and circuit using it loses it.</summary>
    public void EndSession(string id)
    {
        string? name;
        using (var c = database.Open())
        {
            using var read = SettingsDatabase.Command(c, "SELECT user_name FROM sessions WHERE id = @i", ("i", id));
            name = read.ExecuteScalar() as string;
            using var cmd = SettingsDatabase.Command(c, "UPDATE sessions SET ended_at = @t WHERE id = @i AND ended_at IS NULL", ("i", id), ("t", Now()));
            cmd.ExecuteNonQuery();
        }
        if (name is not null) Changed?.Invoke(this, new AccountChangedEventArgs(name));
    }

    public bool IsSessionActive(string sessionId)
    {
        using var c = database.Open();
        using var cmd = SettingsDatabase.Command(c, "SELECT count(*) FROM sessions WHERE id = @i AND ended_at IS NULL", ("i", sessionId));
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>Verifies a login; counts failures and locks the account after Security:MaxFailedLogins.</summary>
    public LoginResult Verify(string name, string password)
    {
        using var c = database.Open();
        using var tx = c.BeginTransaction();
        string? storedName = null, hash = null;
        bool disabled = false;
        int failed = 0;
        DateTimeOffset? lockedUntil = null;
        using (var read = SettingsDatabase.Command(c, "SELECT name, password_hash, disabled, failed_logins, locked_until FROM users WHERE lower(name) = lower(@n)", ("n", name)))
        {
            read.Transaction = tx;
            using var r = read.ExecuteReader();
            if (r.Read())
            {
                storedName = r.GetString(0);
                hash = r.GetString(1);
                disabled = r.GetInt64(2) != 0;
                failed = (int)r.GetInt64(3);
                lockedUntil = r.IsDBNull(4) ? null : DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture);
            }
        }
        if (hash is null || storedName is null)
        {
            Hasher.VerifyHashedPassword("", DummyHash, password);
            return LoginResult.Invalid;
        }
        var now = time.GetUtcNow();
        // The hash is checked even when locked: a locked account answers as slowly as any other.
        var ok = Hasher.VerifyHashedPassword(storedName, hash, password) != PasswordVerificationResult.Failed;
        if (lockedUntil is { } until && until > now) return LoginResult.LockedOut;
        if (ok && disabled) return LoginResult.Disabled;
        // A lock that has expired starts a fresh count.
        failed = ok ? 0 : (lockedUntil is null ? failed + 1 : 1);
        var lockNow = !ok && failed >= options.Value.MaxFailedLogins;
        using (var write = SettingsDatabase.Command(c, "UPDATE users SET failed_logins = @f, locked_until = @l WHERE name = @n",
            ("f", lockNow ? 0L : failed), ("l", lockNow ? (now + options.Value.LockoutTime).ToString("O", CultureInfo.InvariantCulture) : null), ("n", storedName)))
        {
            write.Transaction = tx;
            write.ExecuteNonQuery();
        }
        tx.Commit();
        return ok ? LoginResult.Ok : (lockNow ? LoginResult.LockedOut : LoginResult.Invalid);
    }

    private bool Update(string name, string set, object value)
    {
        bool changed;
        using (var c = database.Open())
        {
            using var cmd = SettingsDatabase.Command(c, $"UPDATE users SET {set} WHERE lower(name) = lower(@n)", ("n", name), ("v", value), ("t", Now()), ("s", NewStamp()));
            changed = cmd.ExecuteNonQuery() == 1;
        }
        if (changed) Changed?.Invoke(this, new AccountChangedEventArgs(name));
        return changed;
    }

    private string Now() => Stamp(time.GetUtcNow());

    private static string Stamp(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    private static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    private static StoredUser Read(DbDataReader r) => new(
        r.GetString(0), (OperatorRole)r.GetInt64(1), r.GetInt64(2) != 0, (int)r.GetInt64(3),
        r.IsDBNull(4) ? null : DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(r.GetString(5), CultureInfo.InvariantCulture), DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture), r.GetString(7));
}
