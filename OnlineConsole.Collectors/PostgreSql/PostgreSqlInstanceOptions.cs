namespace OnlineConsole.Collectors.PostgreSql;

/// <summary>One PostgreSQL server: a name and an Npgsql connection string (its password is never shown).</summary>
public sealed class PostgreSqlInstanceOptions
{
    public string Name { get; set; } = "";
    public string ConnectionString { get; set; } = "";
}
