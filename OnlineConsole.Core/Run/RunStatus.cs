namespace OnlineConsole.Core.Run;

/// <summary>The run as one source reports it.</summary>
public sealed record RunStatus(
    long RunNumber,
    RunState State,
    string RunType,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    string? StopReason);
