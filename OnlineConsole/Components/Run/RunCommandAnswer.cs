namespace OnlineConsole.Components.Run;

/// <summary>What the operator entered when confirming a run command.</summary>
public sealed record RunCommandAnswer(string? RunType, string? Comment, string? Reason);
