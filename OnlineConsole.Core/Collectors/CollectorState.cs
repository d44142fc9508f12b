namespace OnlineConsole.Core.Collectors;

public enum CollectorState
{
    Starting,
    Running,
    /// <summary>Failing and retrying with backoff.</summary>
    Retrying,
    Stopped,
    Disabled,
}
