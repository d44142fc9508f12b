using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using OnlineConsole.Data;

namespace OnlineConsole.Tests.Support;

/// <summary>A SQLite settings database of its own in a temporary folder, removed on dispose.</summary>
public sealed class TempSettingsDatabase : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("oc-settings-").FullName;

    public TempSettingsDatabase()
    {
        Database = new SettingsDatabase(Options.Create(new DataOptions { Directory = _dir }), new HostingEnvironment { ContentRootPath = _dir });
    }

    public SettingsDatabase Database { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file may still be closing; the temp folder is cleaned by the OS.
        }
    }
}
