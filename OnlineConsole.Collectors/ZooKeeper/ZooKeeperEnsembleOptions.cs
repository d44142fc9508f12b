namespace OnlineConsole.Collectors.ZooKeeper;

/// <summary>One ensemble: its name and its servers' client addresses ("zk1:2181").</summary>
public sealed class ZooKeeperEnsembleOptions
{
    public string Name { get; set; } = "";
    public List<string> Servers { get; set; } = [];
}
