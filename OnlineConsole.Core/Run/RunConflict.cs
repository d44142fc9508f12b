namespace OnlineConsole.Core.Run;

/// <summary>
/// Two sources disagree about the run number. The authoritative value is the one shown; this record is what the
/// header's conflict marker names.
/// </summary>
public sealed record RunConflict(string AuthoritativeSource, long AuthoritativeNumber, string OtherSource, long OtherNumber, DateTimeOffset Since);
