namespace OnlineConsole.Security;

/// <summary>What a performed action reports for its audit line.</summary>
/// <param name="Outcome">"ok", or the target system's answer ("rejected: ...", "timed out").</param>
public sealed record ActionAudit(string Outcome = "ok", string? Before = null, string? After = null)
{
    public static ActionAudit Ok { get; } = new();
}
