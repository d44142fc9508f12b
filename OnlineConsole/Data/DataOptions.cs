using OnlineConsole.Core.Live;

namespace OnlineConsole.Data;

/// <summary>Where the console keeps its state (section "Data"): settings database and cookie keys.</summary>
public sealed class DataOptions : IValidatableOptions
{
    public const string Section = "Data";

    /// <summary>Folder for the SQLite settings database and the data-protection keys; relative to the content root.</summary>
    public string Directory { get; set; } = "data";

    /// <summary>Sqlite (default, a file in Directory) or PostgreSql (then ConnectionString is required).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>PostgreSQL connection string (Host=...;Database=...;Username=...;Password=...). A secret: never logged.</summary>
    public string? ConnectionString { get; set; }

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory)) yield return $"{Section}:Directory must be set.";
        if (Provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
            yield return $"{Section}:ConnectionString is required when {Section}:Provider is PostgreSql.";
    }

    public string Resolve(string contentRoot) => Path.GetFullPath(Path.IsPathRooted(Directory) ? Directory : Path.Combine(contentRoot, Directory));
}
