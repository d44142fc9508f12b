namespace OnlineConsole.Core.Run;

/// <summary>A run-control command as an operator issued it.</summary>
/// <param name="RunType">For Configure and Start (e.g. "physics", "calibration").</param>
/// <param name="Comment">Free text, kept with the run.</param>
/// <param name="Reason">Why (required for Stop).</param>
public sealed record RunCommandRequest(RunCommand Command, string User, string? RunType = null, string? Comment = null, string? Reason = null);
