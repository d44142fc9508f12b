namespace OnlineConsole.Collectors.Supervisor;

/// <summary>One entry of supervisor.getAllProcessInfo.</summary>
public sealed record SupervisorProcess(
    string Group,
    string Name,
    string State,
    int Pid,
    TimeSpan Uptime,
    int ExitStatus,
    string Description)
{
    /// <summary>The name supervisorctl and startProcess use.</summary>
    public string FullName => $"{Group}:{Name}";
}
