namespace OnlineConsole.Components.Alarms;

/// <summary>The columns of the active-alarm list a shifter can sort by.</summary>
public enum AlarmSortColumn
{
    Severity,
    State,
    Message,
    Area,
    Age,
    Run,
    Count,
}
