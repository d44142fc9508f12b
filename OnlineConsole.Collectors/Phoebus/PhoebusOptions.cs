using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Phoebus;

/// <summary>
/// The Phoebus alarm server's Kafka topics (section "Phoebus"): the configuration topic named after the alarm
/// configuration (config and state messages) and its "Command" topic for acknowledgements.
/// </summary>
public sealed class PhoebusOptions : IValidatableOptions
{
    public const string Section = "Phoebus";

    /// <summary>host:port[,host:port...]</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>The alarm configuration's name, which is its root and its topic ("Accelerator", "JUNO").</summary>
    public string Config { get; set; } = "";

    /// <summary>The host named in acknowledgements sent to the alarm server; by default this machine.</summary>
    public string? Host { get; set; }

    /// <summary>More librdkafka settings (security.protocol, sasl.username, ssl.ca.location...); values are never shown.</summary>
    public Dictionary<string, string> Properties { get; set; } = [];

    public string CommandTopic => Config + "Command";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers)) yield return $"{Section}:BootstrapServers is required.";
        if (string.IsNullOrWhiteSpace(Config)) yield return $"{Section}:Config (the alarm configuration's name, e.g. Accelerator) is required.";
        else if (Config.Contains('/', StringComparison.Ordinal)) yield return $"{Section}:Config must be a name, not a path.";
    }
}
