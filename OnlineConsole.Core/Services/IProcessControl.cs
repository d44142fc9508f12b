namespace OnlineConsole.Core.Services;

/// <summary>
/// Starts, stops and restarts the processes one source reports (supervisord, the simulator's counterpart). The action
/// service authorizes and audits; this only acts and then refreshes what the store shows of the process.
/// </summary>
public interface IProcessControl
{
    /// <summary>True for the services (by <see cref="ServiceHealth.Name"/>) this control acts on.</summary>
    bool Handles(string service);

    /// <summary>Acts and waits for the outcome; throws with the source's own words when it refuses.</summary>
    Task ControlAsync(string service, ProcessAction action, CancellationToken ct);
}
