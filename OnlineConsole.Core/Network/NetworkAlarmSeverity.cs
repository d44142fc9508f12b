namespace OnlineConsole.Core.Network;

/// <summary>How serious a candidate is: a warning is worth a look (one of two uplinks lost), an alarm needs action.</summary>
public enum NetworkAlarmSeverity
{
    Warning,
    Alarm,
}
