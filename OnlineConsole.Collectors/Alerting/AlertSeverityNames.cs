using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Collectors.Alerting;

/// <summary>The "severity" label of Prometheus and Grafana rules, as the console's severities.</summary>
public static class AlertSeverityNames
{
    /// <summary>Used when the label is missing or not one of the known names (documented in the README).</summary>
    public const AlarmSeverity Unknown = AlarmSeverity.Minor;

    public static AlarmSeverity FromLabel(string? label) => TryParse(label, out var s) ? s : Unknown;

    /// <summary>The four names of the console, and "error" and "info" as they are common in rule files.</summary>
    public static bool TryParse(string? name, out AlarmSeverity severity)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case "CRITICAL": severity = AlarmSeverity.Critical; return true;
            case "MAJOR" or "ERROR": severity = AlarmSeverity.Major; return true;
            case "MINOR": severity = AlarmSeverity.Minor; return true;
            case "WARNING" or "INFO": severity = AlarmSeverity.Warning; return true;
            default: severity = Unknown; return false;
        }
    }
}
