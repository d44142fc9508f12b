namespace OnlineConsole.Core.Run;

public enum RunCommandOutcome
{
    Accepted,
    Rejected,
    TimedOut,
}
