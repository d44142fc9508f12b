namespace OnlineConsole.Core.Run;

/// <summary>One finished (or current) run, as the run history shows it.</summary>
public sealed record RunRecord(long Number, string RunType, DateTimeOffset? StartedAt, DateTimeOffset? StoppedAt, string? StopReason)
{
    public TimeSpan? Duration => StartedAt is { } a && StoppedAt is { } b && b >= a ? b - a : null;
}
