namespace OnlineConsole.Core.Alarms;

/// <summary>How urgent an alarm is; a higher value is a higher priority.</summary>
public enum AlarmSeverity
{
    Warning = 1,
    Minor = 2,
    Major = 3,
    Critical = 4,
}
