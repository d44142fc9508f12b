namespace OnlineConsole.Core.Services;

/// <summary>The recent output of a process one source controls (supervisord's stdout and stderr logs).</summary>
public interface IProcessLogs
{
    bool HasLogs(string service);

    /// <summary>The last part of the process's stdout and stderr; throws with the source's words when it cannot.</summary>
    Task<ProcessLogTail> TailAsync(string service, CancellationToken ct);
}

/// <param name="At">When it was read.</param>
public sealed record ProcessLogTail(string Stdout, string Stderr, DateTimeOffset At);
