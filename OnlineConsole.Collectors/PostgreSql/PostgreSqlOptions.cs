using Npgsql;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.PostgreSql;

/// <summary>PostgreSQL servers checked each interval (section "PostgreSql"); none: the collector does not run.</summary>
public sealed class PostgreSqlOptions : IValidatableOptions
{
    public const string Section = "PostgreSql";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A replica further behind its primary than this is degraded.</summary>
    public TimeSpan MaxReplicationLag { get; set; } = TimeSpan.FromSeconds(30);

    public List<PostgreSqlInstanceOptions> Instances { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        // Npgsql's timeouts are whole seconds.
        foreach (var e in PollingSettings.Check(Section, PollInterval, Timeout, TimeSpan.FromSeconds(1))) yield return e;
        foreach (var e in PollingSettings.UniqueNames(Section, "Instances", Instances.Select(s => s.Name))) yield return e;
        for (var i = 0; i < Instances.Count; i++)
        {
            var s = Instances[i];
            string? problem = null;
            try
            {
                _ = new NpgsqlConnectionStringBuilder(s.ConnectionString).Host ?? throw new ArgumentException("no Host");
            }
            catch (ArgumentException e)
            {
                // The message names the bad keyword, never a value.
                problem = e.Message;
            }
            if (problem is not null) yield return $"{Section}:Instances:{i}:ConnectionString is not valid: {problem}";
        }
    }
}
