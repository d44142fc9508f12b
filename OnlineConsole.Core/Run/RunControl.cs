namespace OnlineConsole.Core.Run;

/// <summary>A run-control command as an operator issued it.</summary>
/// <param name="RunType">For Configure and Start (e.g. "physics", "calibration").</param>
/// <param name="Comment">Free text, kept with the run.</param>
/// <param name="Reason">Why (required for Stop).</param>
public sealed record RunCommandRequest(RunCommand Command, string User, string? RunType = null, string? Comment = null, string? Reason = null);

public enum RunCommandOutcome
{
    Accepted,
    Rejected,
    TimedOut,
}

/// <summary>What the run controller answered (or that it did not, in time).</summary>
public sealed record RunCommandResult(string CorrelationId, RunCommandOutcome Outcome, string? Detail)
{
    public string AuditOutcome => Outcome switch
    {
        RunCommandOutcome.Accepted => "ok",
        RunCommandOutcome.Rejected => "rejected: " + Detail,
        _ => "timed out",
    };
}

/// <summary>Sends commands to whichever run controller is configured (Redis, or the simulator's).</summary>
public interface IRunControl
{
    /// <summary>Where commands go, for the run page ("redis://...", "simulator").</summary>
    string Target { get; }

    Task<RunCommandResult> SendAsync(RunCommandRequest request, CancellationToken cancellationToken = default);
}
