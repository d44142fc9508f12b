using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Messages;

/// <summary>
/// The data-quality topics the console consumes (section "KafkaMessages"); absent, the collector does not run and
/// the simulator fills the log, metric and histogram areas itself.
/// </summary>
public sealed class KafkaMessagesOptions : IValidatableOptions
{
    public const string Section = "KafkaMessages";

    /// <summary>host:port[,host:port...]</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>The console's consumer group: its committed offsets are where a restart resumes.</summary>
    public string GroupId { get; set; } = "online-console";

    /// <summary>Each topic carries one kind of message.</summary>
    public List<KafkaTopicOptions> Topics { get; set; } = [];

    /// <summary>
    /// Where a group with no committed offset starts: "latest" (default: a new console does not replay days of
    /// logs) or "earliest".
    /// </summary>
    public string StartAt { get; set; } = "latest";

    /// <summary>Most messages put into the store at once; a batch also ends after <see cref="BatchWindow"/>.</summary>
    public int MaxBatch { get; set; } = 5_000;
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>More librdkafka settings (security.protocol, sasl.username, ssl.ca.location...); values are never shown.</summary>
    public Dictionary<string, string> Properties { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers)) yield return $"{Section}:BootstrapServers is required.";
        if (string.IsNullOrWhiteSpace(GroupId)) yield return $"{Section}:GroupId is required.";
        if (Topics.Count == 0) yield return $"{Section}:Topics needs at least one topic.";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Topics.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Topics[i].Name)) yield return $"{Section}:Topics:{i}:Name is required.";
            else if (!seen.Add(Topics[i].Name)) yield return $"{Section}:Topics:{i}:Name '{Topics[i].Name}' is used twice.";
            if (!Enum.IsDefined(Topics[i].Kind)) yield return $"{Section}:Topics:{i}:Kind must be Log, Metric or Histogram.";
        }
        if (StartAt is not ("latest" or "earliest")) yield return $"{Section}:StartAt must be latest or earliest (is '{StartAt}').";
        if (MaxBatch is < 1 or > 100_000) yield return $"{Section}:MaxBatch must be between 1 and 100000 (is {MaxBatch}).";
        if (BatchWindow < TimeSpan.FromMilliseconds(1) || BatchWindow > TimeSpan.FromSeconds(5)) yield return $"{Section}:BatchWindow must be between 1 ms and 5 s (is {BatchWindow}).";
    }
}

public sealed class KafkaTopicOptions
{
    public string Name { get; set; } = "";
    public DqMessageKind Kind { get; set; }
}
