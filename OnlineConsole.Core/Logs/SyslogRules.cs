namespace OnlineConsole.Core.Logs;

/// <summary>How syslog pattern alarms are named, shared by the receiver that raises them and the pages that show them.</summary>
public static class SyslogRules
{
    public const string Source = "syslog";
    public const string Rule = "syslog.pattern";

    /// <summary>Label naming the pattern that matched; with <see cref="BuiltInLabel"/> "true" its guidance has a translation ("Alarm.Guidance.syslog.NAME").</summary>
    public const string PatternLabel = "pattern";
    public const string BuiltInLabel = "builtin";
}
