namespace OnlineConsole.Core.Services;

/// <summary>What an expert may do to a controllable process or workload.</summary>
public enum ProcessAction
{
    Start,
    Stop,
    Restart,

    /// <summary>Deletes a Kubernetes pod (its controller starts a new one).</summary>
    Delete,
}
