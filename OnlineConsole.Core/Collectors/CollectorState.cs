namespace OnlineConsole.Core.Collectors;

public enum CollectorState
{
    Starting,
    Running,
    /// <summary>Failing and retrying with backoff.</summary>
    Retrying,
    Stopped,
    /// <summary>Runs only on the replica that holds the lease, and this one does not.</summary>
    Standby,
    Disabled,
}
