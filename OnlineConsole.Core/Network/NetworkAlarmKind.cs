namespace OnlineConsole.Core.Network;

public enum NetworkAlarmKind
{
    LinkDown,
    Errors,
    Utilization,
    Unreachable,
}
