namespace OnlineConsole.Core.Services;

/// <summary>What an expert may do to a controllable process.</summary>
public enum ProcessAction
{
    Start,
    Stop,
    Restart,
}
