using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace OnlineConsole.Data;

/// <summary>
/// The data-protection key ring in the settings database: every replica on the same PostgreSQL reads the same keys,
/// so a session cookie (and an encrypted contact-point secret) made by one replica opens on another.
/// </summary>
public sealed class DatabaseXmlRepository : IXmlRepository
{
    private readonly SettingsDatabase _database;

    public DatabaseXmlRepository(SettingsDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        using var c = database.Open();
        using var cmd = SettingsDatabase.Command(c, "CREATE TABLE IF NOT EXISTS dataprotection_keys (name TEXT PRIMARY KEY, xml TEXT NOT NULL)");
        cmd.ExecuteNonQuery();
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var c = _database.Open();
        using var cmd = SettingsDatabase.Command(c, "SELECT xml FROM dataprotection_keys ORDER BY name");
        using var r = cmd.ExecuteReader();
        var list = new List<XElement>();
        while (r.Read()) list.Add(XElement.Parse(r.GetString(0)));
        return list;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var c = _database.Open();
        // Two replicas starting on an empty database may each make a key: both are kept, either opens what the other made.
        using var cmd = SettingsDatabase.Command(c, "INSERT INTO dataprotection_keys (name, xml) VALUES (@n, @x) ON CONFLICT (name) DO NOTHING",
            ("n", string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName), ("x", element.ToString(SaveOptions.DisableFormatting)));
        cmd.ExecuteNonQuery();
    }
}
