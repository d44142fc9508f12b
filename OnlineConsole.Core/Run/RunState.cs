namespace OnlineConsole.Core.Run;

/// <summary>Run-control states (DUNE-style reference machine).</summary>
public enum RunState
{
    Initial,
    Configured,
    Ready,
    Running,
    Paused,
    Stopped,
    Error,
}
