using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.KafkaHealth;

/// <summary>
/// Kafka clusters whose brokers, topics and consumer lag are read through the admin API (section "KafkaHealth":
/// Clusters); none, the collector does not run.
/// </summary>
public sealed class KafkaHealthOptions : IValidatableOptions
{
    public const string Section = "KafkaHealth";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    public List<KafkaClusterOptions> Clusters { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        foreach (var e in PollingSettings.Check(Section, PollInterval, Timeout, TimeSpan.FromMilliseconds(500))) yield return e;
        foreach (var e in PollingSettings.UniqueNames(Section, "Clusters", Clusters.Select(c => c.Name))) yield return e;
        for (var i = 0; i < Clusters.Count; i++)
        {
            var c = Clusters[i];
            if (string.IsNullOrWhiteSpace(c.BootstrapServers)) yield return $"{Section}:Clusters:{i}:BootstrapServers is required.";
            if (c.LagWarning < 1) yield return $"{Section}:Clusters:{i}:LagWarning must be positive.";
            foreach (var e in PollingSettings.UniqueNames(Section, $"Clusters:{i}:Groups", c.Groups)) yield return e;
        }
    }
}

public sealed class KafkaClusterOptions
{
    public string Name { get; set; } = "";

    /// <summary>host:port[,host:port...]</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>Consumer groups whose lag is watched (the admin API lists groups only where the cluster serves ListGroups).</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>A group lagging more than this many messages (all partitions) is degraded.</summary>
    public long LagWarning { get; set; } = 10_000;

    /// <summary>More librdkafka settings (security.protocol, sasl.username, ssl.ca.location...); values are never shown.</summary>
    public Dictionary<string, string> Properties { get; set; } = [];
}
