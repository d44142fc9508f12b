using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.ZooKeeper;

/// <summary>ZooKeeper ensembles read with four-letter words (section "ZooKeeper"); none: the collector does not run.</summary>
public sealed class ZooKeeperOptions : IValidatableOptions
{
    public const string Section = "ZooKeeper";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
    public List<ZooKeeperEnsembleOptions> Ensembles { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        if (PollInterval < TimeSpan.FromSeconds(1) || PollInterval > TimeSpan.FromHours(1)) yield return $"{Section}:PollInterval must be between 00:00:01 and 01:00:00 (is {PollInterval}).";
        if (Timeout <= TimeSpan.Zero || Timeout > PollInterval) yield return $"{Section}:Timeout must be positive and at most PollInterval.";
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Ensembles.Count; i++)
        {
            var e = Ensembles[i];
            if (string.IsNullOrWhiteSpace(e.Name)) yield return $"{Section}:Ensembles:{i}:Name is required.";
            else if (!names.Add(e.Name)) yield return $"{Section}:Ensembles:{i}:Name '{e.Name}' is used twice.";
            if (e.Servers.Count == 0) yield return $"{Section}:Ensembles:{i}:Servers needs at least one host:port.";
            foreach (var s in e.Servers)
                if (ZooKeeperCollector.Address(s) is null) yield return $"{Section}:Ensembles:{i}:Servers: '{s}' is not host:port.";
        }
    }
}
