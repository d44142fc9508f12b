namespace OnlineConsole.Core.Logs;

/// <summary>The eight severities of syslog (RFC 5424 section 6.2.1), lower is worse; DAQ LOG levels map onto them.</summary>
public enum LogSeverity
{
    Emergency = 0,
    Alert = 1,
    Critical = 2,
    Error = 3,
    Warning = 4,
    Notice = 5,
    Info = 6,
    Debug = 7,
}

public static class LogSeverities
{
    /// <summary>A DAQ LOG message's level as docs/contracts.md names them (case-insensitive); false for any other word.</summary>
    public static bool TryParseDaqLevel(string? level, out LogSeverity severity)
    {
        severity = LogSeverity.Info;
        switch (level?.ToUpperInvariant())
        {
            case "FATAL": severity = LogSeverity.Critical; return true;
            case "ERROR": severity = LogSeverity.Error; return true;
            case "WARN" or "WARNING": severity = LogSeverity.Warning; return true;
            case "NOTICE": severity = LogSeverity.Notice; return true;
            case "INFO": severity = LogSeverity.Info; return true;
            case "DEBUG" or "TRACE": severity = LogSeverity.Debug; return true;
            default: return false;
        }
    }
}
