using OnlineConsole.Collectors.Hosting;
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
        foreach (var problem in PollingSettings.Check(Section, PollInterval, Timeout)) yield return problem;
        foreach (var problem in PollingSettings.UniqueNames(Section, "Ensembles", Ensembles.Select(e => e.Name))) yield return problem;
        for (var i = 0; i < Ensembles.Count; i++)
        {
            var e = Ensembles[i];
            if (e.Servers.Count == 0) yield return $"{Section}:Ensembles:{i}:Servers needs at least one host:port.";
            foreach (var s in e.Servers)
                if (ZooKeeperCollector.Address(s) is null) yield return $"{Section}:Ensembles:{i}:Servers: '{s}' is not host:port.";
        }
    }
}
