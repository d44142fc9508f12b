namespace OnlineConsole.Core.Run;

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
