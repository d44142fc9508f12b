namespace OnlineConsole.Core.Services;

/// <summary>How compute nodes appear among the service rows, for the collector that writes them and the pages that read them.</summary>
public static class ComputeNodeRows
{
    /// <summary>The kind of a node's row, named "node/&lt;server&gt;".</summary>
    public const string Kind = "compute-node";

    /// <summary>The row all nodes hang under, which counts them.</summary>
    public const string GroupName = "compute-nodes";

    public const string GroupKind = "compute nodes";

    public static string Name(string node) => $"node/{node}";
}
