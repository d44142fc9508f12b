namespace OnlineConsole.Core.Run;

/// <summary>Sends commands to whichever run controller is configured (Redis, or the simulator's).</summary>
public interface IRunControl
{
    /// <summary>Where commands go, for the run page ("redis://...", "simulator").</summary>
    string Target { get; }

    Task<RunCommandResult> SendAsync(RunCommandRequest request, CancellationToken cancellationToken = default);
}
