using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Ceph;

/// <summary>
/// Ceph clusters read with `ceph status --format json` (section "Ceph": Clusters); none, the collector does not run.
/// The console host needs ceph-common, the cluster's ceph.conf and a keyring of a client allowed "mon r".
/// </summary>
public sealed class CephOptions : IValidatableOptions
{
    public const string Section = "Ceph";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The ceph command line tool.</summary>
    public string Command { get; set; } = "/usr/bin/ceph";

    public List<CephClusterOptions> Clusters { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        foreach (var e in PollingSettings.Check(Section, PollInterval, Timeout, TimeSpan.FromSeconds(2))) yield return e;
        foreach (var e in PollingSettings.UniqueNames(Section, "Clusters", Clusters.Select(c => c.Name))) yield return e;
        if (!File.Exists(Command)) yield return $"{Section}:Command '{Command}' does not exist (Debian: apt install ceph-common).";
        for (var i = 0; i < Clusters.Count; i++)
            if (string.IsNullOrWhiteSpace(Clusters[i].Conf)) yield return $"{Section}:Clusters:{i}:Conf (the path of the cluster's ceph.conf) is required.";
    }
}

public sealed class CephClusterOptions
{
    public string Name { get; set; } = "";

    /// <summary>Path of the cluster's ceph.conf.</summary>
    public string Conf { get; set; } = "";

    /// <summary>The client to authenticate as ("client.console"); empty: ceph's default (client.admin).</summary>
    public string? Client { get; set; }

    /// <summary>Path of that client's keyring; empty: ceph's default search.</summary>
    public string? Keyring { get; set; }
}
