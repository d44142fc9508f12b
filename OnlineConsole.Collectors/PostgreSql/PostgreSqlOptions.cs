using Npgsql;
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
        if (PollInterval < TimeSpan.FromSeconds(1) || PollInterval > TimeSpan.FromHours(1)) yield return $"{Section}:PollInterval must be between 00:00:01 and 01:00:00 (is {PollInterval}).";
        if (Timeout < TimeSpan.FromSeconds(1) || Timeout > PollInterval) yield return $"{Section}:Timeout must be at least 1 s and at most PollInterval.";
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Instances.Count; i++)
        {
            var s = Instances[i];
            if (string.IsNullOrWhiteSpace(s.Name)) yield return $"{Section}:Instances:{i}:Name is required.";
            else if (!names.Add(s.Name)) yield return $"{Section}:Instances:{i}:Name '{s.Name}' is used twice.";
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
