using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Services;

/// <summary>Health of one piece of online software (a pod, a supervisord process, a database).</summary>
public sealed record ServiceHealth(string Name, string Kind, ServiceState State, string? Detail, SourceStamp Stamp)
{
    /// <summary>The row this one belongs to in the health tree (a process's supervisord host); null at the top.</summary>
    public string? Parent { get; init; }

    /// <summary>What the detail shows, in order (pid, uptime, exit status, ...): names are text keys, values as read.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Facts { get; init; } = [];

    /// <summary>Numbers behind some facts, for bars ("cpu", "memory", "disk" as fractions 0..1); empty when none.</summary>
    public IReadOnlyDictionary<string, double> Values { get; init; } = new Dictionary<string, double>();

    /// <summary>What an expert may do to it: start, stop and restart a supervisord process; restart a deployment; delete a pod.</summary>
    public IReadOnlyList<ProcessAction> Actions { get; init; } = [];

    public bool Controllable => Actions.Count > 0;

    /// <summary>Rows this one relates to beyond its parent (a pod's node, a node's compute-node row), by name.</summary>
    public IReadOnlyList<string> Related { get; init; } = [];
}
