namespace OnlineConsole.Core.Network;

/// <summary>How bad a port's load or errors are, by <see cref="NetworkAlarmThresholds"/>.</summary>
public enum PortLevel
{
    Normal,
    Warning,
    Alarm,
}
