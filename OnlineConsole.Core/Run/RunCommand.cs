namespace OnlineConsole.Core.Run;

/// <summary>Commands an expert can send to run control.</summary>
public enum RunCommand
{
    Configure,
    Start,
    Pause,
    Resume,
    Stop,
    Reset,
}
