using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Kubernetes;

/// <summary>
/// One Kubernetes cluster watched through its API server (section "Kubernetes"): in-cluster service account,
/// a kubeconfig, or a plain API address (kubectl proxy). None of the three: the collector does not run.
/// </summary>
public sealed class KubernetesOptions : IValidatableOptions
{
    public const string Section = "Kubernetes";

    /// <summary>The cluster's name in the health tree ("k8s/&lt;Cluster&gt;/...").</summary>
    public string Cluster { get; set; } = "online";

    /// <summary>Use the pod's service account (the console runs inside the cluster).</summary>
    public bool InCluster { get; set; }

    /// <summary>Path of a kubeconfig file; <see cref="Context"/> picks one of its contexts (default: its current one).</summary>
    public string? Kubeconfig { get; set; }

    public string? Context { get; set; }

    /// <summary>An API server address without credentials (kubectl proxy, or a test host).</summary>
    public string? Server { get; set; }

    /// <summary>Namespaces whose pods, deployments, statefulsets and warning events are watched; nodes are cluster-wide.</summary>
    public List<string> Namespaces { get; set; } = [];

    /// <summary>How long the API server keeps one watch open; it is then renewed from the last resource version.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>While every watch is connected, rows take a new stamp this often (the data is as fresh as the watch).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Changes arriving closer together than this are written to the store at once.</summary>
    public TimeSpan MergeWindow { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Warning events kept (the newest per object are shown on its row).</summary>
    public int MaxWarnings { get; set; } = 1000;


    public bool Enabled => InCluster || !string.IsNullOrWhiteSpace(Kubeconfig) || !string.IsNullOrWhiteSpace(Server);

    public IEnumerable<string> Validate()
    {
        var ways = (InCluster ? 1 : 0) + (string.IsNullOrWhiteSpace(Kubeconfig) ? 0 : 1) + (string.IsNullOrWhiteSpace(Server) ? 0 : 1);
        if (ways != 1) yield return $"{Section}: set exactly one of InCluster, Kubeconfig and Server.";
        if (!string.IsNullOrWhiteSpace(Server) && (!Uri.TryCreate(Server, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(u.UserInfo)))
            yield return $"{Section}:Server must be an absolute http(s) address without credentials.";
        if (!string.IsNullOrWhiteSpace(Kubeconfig) && !File.Exists(Kubeconfig)) yield return $"{Section}:Kubeconfig '{Kubeconfig}' does not exist.";
        if (string.IsNullOrWhiteSpace(Cluster) || Cluster.Contains('/', StringComparison.Ordinal)) yield return $"{Section}:Cluster must be a name without '/'.";
        if (Namespaces.Count == 0) yield return $"{Section}:Namespaces must name at least one namespace.";
        foreach (var e in PollingSettings.UniqueNames(Section, "Namespaces", Namespaces)) yield return e;
        if (WatchTimeout < TimeSpan.FromSeconds(1) || WatchTimeout > TimeSpan.FromHours(1)) yield return $"{Section}:WatchTimeout must be between 00:00:01 and 01:00:00.";
        if (RefreshInterval < TimeSpan.FromSeconds(1) || RefreshInterval > TimeSpan.FromMinutes(10)) yield return $"{Section}:RefreshInterval must be between 00:00:01 and 00:10:00.";
        if (MergeWindow < TimeSpan.Zero || MergeWindow > TimeSpan.FromSeconds(1)) yield return $"{Section}:MergeWindow must be between 0 and 00:00:01.";
        if (MaxWarnings < 0) yield return $"{Section}:MaxWarnings must not be negative.";
    }
}
