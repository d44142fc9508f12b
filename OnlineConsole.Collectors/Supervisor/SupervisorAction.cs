namespace OnlineConsole.Collectors.Supervisor;

public enum SupervisorAction
{
    Start,
    Stop,
    Restart,
}
