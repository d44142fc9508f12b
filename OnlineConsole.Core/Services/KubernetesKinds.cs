namespace OnlineConsole.Core.Services;

/// <summary>The kinds of a Kubernetes cluster's rows, for the collector that writes them and the pages that read them.</summary>
public static class KubernetesKinds
{
    public const string Cluster = "kubernetes";
    public const string Nodes = "k8s nodes";
    public const string Node = "k8s node";
    public const string Namespace = "namespace";
    public const string Deployment = "deployment";
    public const string StatefulSet = "statefulset";
    public const string Pod = "pod";
}
