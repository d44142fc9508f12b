namespace OnlineConsole.Core.Logs;

/// <summary>
/// One log line, DAQ or syslog, as the log viewer shows it. <see cref="Sequence"/> is given by the store when the
/// line is appended; it orders lines and lets a paused viewer resume exactly where it stopped.
/// </summary>
public sealed record LogEntry(DateTimeOffset Time, LogOrigin Origin, LogSeverity Severity, string Host, string Text)
{
    public long Sequence { get; internal set; }

    /// <summary>The process (DAQ) or APP-NAME / TAG (syslog); null when the sender gave none.</summary>
    public string? Process { get; init; }

    /// <summary>The known switch or server the sender was matched to, by address or hostname; null when none.</summary>
    public string? Device { get; init; }

    /// <summary>The run the DAQ message names; null for syslog and for messages outside a run.</summary>
    public long? Run { get; init; }

    /// <summary>Syslog facility (0-23); null for DAQ lines.</summary>
    public int? Facility { get; init; }

    /// <summary>Syslog MSGID or structured data as received; null when absent.</summary>
    public string? Detail { get; init; }

    /// <summary>What delivered it: the Kafka topic, or "syslog/udp" / "syslog/tcp" with the sender's address.</summary>
    public string Via { get; init; } = "";

    /// <summary>When the console received it (the sender's <see cref="Time"/> may be skewed).</summary>
    public DateTimeOffset Received { get; init; }
}
