namespace OnlineConsole.Collectors.Syslog;

/// <summary>One parsed syslog message, RFC 5424 or RFC 3164 (BSD).</summary>
public sealed record SyslogMessage(int Facility, int Severity, DateTimeOffset? Time, string? Hostname, string? AppName, string? ProcId, string Text)
{
    public string? MsgId { get; init; }

    /// <summary>RFC 5424 STRUCTURED-DATA as received ("[id k=\"v\"]..."); null when "-" or RFC 3164.</summary>
    public string? StructuredData { get; init; }

    /// <summary>1 for RFC 5424, 0 for RFC 3164.</summary>
    public int Version { get; init; }
}
