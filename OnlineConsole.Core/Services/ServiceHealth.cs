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

    /// <summary>Start, stop and restart apply (a supervisord process, real or simulated).</summary>
    public bool Controllable { get; init; }
}
