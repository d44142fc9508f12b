using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using OnlineConsole.Core.Notifications;
using OnlineConsole.Data;

namespace OnlineConsole.Notifications;

/// <summary>
/// The notification configuration as admins change it: every change a new numbered version in the settings database
/// (version 0 is the configuration files), secrets kept encrypted with ASP.NET data protection and shown only masked.
/// Delivery reads <see cref="Current"/>; another console instance on the same database sees a change at its next
/// <see cref="Refresh"/>. A save names the version it was made from, so two admins cannot overwrite each other unseen.
/// </summary>
public sealed class NotificationSettings
{
    private const string Protected = "dp:";
    private readonly SettingsDatabase _database;
    private readonly NotificationOptions _files;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private NotificationConfig _current;

    public NotificationSettings(SettingsDatabase database, IOptions<NotificationOptions> files, IDataProtectionProvider protection, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(protection);
        _database = database;
        _files = files.Value;
        _protector = protection.CreateProtector("OnlineConsole.Notifications.Secrets.v1");
        _time = time;
        using (var c = database.Open())
        using (var cmd = SettingsDatabase.Command(c, """
            CREATE TABLE IF NOT EXISTS notification_config (
                version BIGINT PRIMARY KEY, value TEXT NOT NULL, changed_at TEXT NOT NULL, changed_by TEXT NOT NULL,
                reason TEXT NULL, summary TEXT NOT NULL)
            """))
            cmd.ExecuteNonQuery();
        _current = LoadLatest();
    }

    /// <summary>Raised after this instance saved a version or <see cref="Refresh"/> found a newer one.</summary>
    public event Action<NotificationConfig>? Changed;

    /// <summary>The configuration in force, secrets in clear: for delivery only, never for a page.</summary>
    public NotificationConfig Current
    {
        get { lock (_gate) return _current; }
    }

    /// <summary>Reads the newest version when another instance (or a restore) wrote one; true when it changed.</summary>
    public bool Refresh()
    {
        var latest = LatestVersion();
        if (latest == Current.Version) return false;
        var loaded = LoadLatest();
        lock (_gate) _current = loaded;
        Changed?.Invoke(loaded);
        return true;
    }

    /// <summary>Stores <paramref name="next"/> (secrets in clear) as the version after <paramref name="basedOn"/>.</summary>
    /// <exception cref="ArgumentException">Invalid (every problem listed), or a newer version was saved meanwhile.</exception>
    public NotificationConfig Save(NotificationOptions next, long basedOn, string changedBy, string? reason, string summary)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (next.Validate().ToList() is { Count: > 0 } errors) throw new ArgumentException(string.Join("\n", errors));
        if (next.ContactPoints.SelectMany(p => NotificationSecrets.Fields.Select(f => f.Get(p))).Any(NotificationSecrets.IsMask))
            throw new ArgumentException("A secret still shows its mask; it must be resolved before it is stored.");
        var now = _time.GetUtcNow();
        var version = basedOn + 1;
        using (var c = _database.Open())
        {
            using var latest = SettingsDatabase.Command(c, "SELECT COALESCE(MAX(version), 0) FROM notification_config");
            if (Convert.ToInt64(latest.ExecuteScalar(), CultureInfo.InvariantCulture) != basedOn)
                throw new ArgumentException($"The configuration changed since version {basedOn} was opened; reload the page and make the change again.");
            using var insert = SettingsDatabase.Command(c,
                "INSERT INTO notification_config (version, value, changed_at, changed_by, reason, summary) VALUES (@v, @j, @t, @b, @r, @s)",
                ("v", version), ("j", NotificationJson.Serialize(NotificationSecrets.Map(next, s => Protected + _protector.Protect(s)))),
                ("t", NotificationOutbox.Stamp(now)), ("b", changedBy), ("r", reason), ("s", summary));
            try
            {
                insert.ExecuteNonQuery();
            }
            catch (System.Data.Common.DbException ex) when (_database.IsUniqueViolation(ex))
            {
                throw new ArgumentException($"Another admin saved version {version} at the same moment; reload the page and make the change again.", ex);
            }
        }
        var config = new NotificationConfig(NotificationJson.Copy(next), version, now, changedBy, []);
        lock (_gate) _current = config;
        Changed?.Invoke(config);
        return config;
    }

    /// <summary>The versions, newest first (version 0, the configuration files, last).</summary>
    public IReadOnlyList<NotificationVersion> History(int limit = 200)
    {
        var result = new List<NotificationVersion>();
        using var c = _database.Open();
        using var cmd = SettingsDatabase.Command(c,
            "SELECT version, changed_at, changed_by, reason, summary FROM notification_config ORDER BY version DESC LIMIT @l", ("l", limit));
        using var r = cmd.ExecuteReader();
        while (r.Read())
            result.Add(new NotificationVersion(r.GetInt64(0), ParseStamp(r.GetString(1)), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4)));
        result.Add(new NotificationVersion(0, null, "", null, "the configuration files"));
        return result;
    }

    /// <summary>One version with its secrets in clear (version 0: the configuration files).</summary>
    /// <exception cref="ArgumentException">No such version.</exception>
    public NotificationConfig Load(long version)
    {
        if (version == 0) return FromFiles();
        using var c = _database.Open();
        using var cmd = SettingsDatabase.Command(c, "SELECT value, changed_at, changed_by FROM notification_config WHERE version = @v", ("v", version));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) throw new ArgumentException($"There is no version {version}.");
        return Decode(r.GetString(0), version, ParseStamp(r.GetString(1)), r.GetString(2));
    }

    private long LatestVersion()
    {
        using var c = _database.Open();
        using var cmd = SettingsDatabase.Command(c, "SELECT COALESCE(MAX(version), 0) FROM notification_config");
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private NotificationConfig LoadLatest()
    {
        var latest = LatestVersion();
        return latest == 0 ? FromFiles() : Load(latest);
    }

    private NotificationConfig FromFiles() => new(NotificationJson.Copy(_files), 0, null, "", []);

    private NotificationConfig Decode(string json, long version, DateTimeOffset? at, string by)
    {
        var problems = new List<string>();
        var options = NotificationSecrets.Map(NotificationJson.Deserialize(json), s =>
        {
            if (!s.StartsWith(Protected, StringComparison.Ordinal)) return s;
            try
            {
                return _protector.Unprotect(s[Protected.Length..]);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                // The data-protection key ring was lost or belongs to another deployment: the secret is gone, say so.
                problems.Add("A stored secret cannot be decrypted with this console's data-protection keys; enter it again.");
                return null;
            }
        });
        return new NotificationConfig(options, version, at, by, problems);
    }

    private static DateTimeOffset ParseStamp(string s) =>
        DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
