using OnlineConsole.Collectors.Redis;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Replication;

/// <summary>
/// Several console replicas on one PostgreSQL (section "Ha"): a lease decides which one does the work that must
/// happen once, and a Redis pub/sub bus carries what only that one collects to the others.
/// </summary>
public sealed class HaOptions : IValidatableOptions
{
    public const string Section = "Ha";

    public bool Enabled { get; set; }

    /// <summary>This replica's name, unique among them (on Kubernetes the pod name); default: host name and process id.</summary>
    public string? Replica { get; set; }

    /// <summary>A dead holder's lease runs out after this; another replica takes over at its next try.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the lease is renewed by its holder and tried by the others.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The Redis that carries the bus (Endpoints, Password, Ssl as for the Redis source; KeyPrefix names the channels).</summary>
    public RedisOptions Bus { get; set; } = new() { KeyPrefix = "onlineconsole:" };

    /// <summary>How long a replica waits for the holder to answer an operator command it handed over.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public string ReplicaName => string.IsNullOrWhiteSpace(Replica) ? $"{Environment.MachineName}-{Environment.ProcessId}" : Replica;

    public IEnumerable<string> Validate()
    {
        if (!Enabled) yield break;
        if (LeaseTtl < TimeSpan.FromSeconds(1) || LeaseTtl > TimeSpan.FromMinutes(1)) yield return $"{Section}:LeaseTtl must be between 00:00:01 and 00:01:00 (is {LeaseTtl}).";
        if (RenewInterval < TimeSpan.FromMilliseconds(100) || RenewInterval * 2 >= LeaseTtl) yield return $"{Section}:RenewInterval must be at least 00:00:00.100 and under half of LeaseTtl (is {RenewInterval}).";
        if (ReplicaName.Length > 100 || ReplicaName.Any(char.IsWhiteSpace)) yield return $"{Section}:Replica must be a name of at most 100 characters without spaces.";
        foreach (var e in Bus.Validate()) yield return Section + ":Bus:" + e[(e.IndexOf(':', StringComparison.Ordinal) + 1)..];
        if (CommandTimeout < TimeSpan.FromMilliseconds(500) || CommandTimeout > TimeSpan.FromMinutes(1)) yield return $"{Section}:CommandTimeout must be between 00:00:00.500 and 00:01:00 (is {CommandTimeout}).";
    }
}
