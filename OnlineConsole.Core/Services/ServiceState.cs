namespace OnlineConsole.Core.Services;

public enum ServiceState
{
    Unknown,
    Up,
    Degraded,
    Down,
}
