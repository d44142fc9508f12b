namespace OnlineConsole.Core.Logs;

/// <summary>Where a log line came from: a DAQ LOG message (Kafka) or a syslog datagram / stream.</summary>
public enum LogOrigin
{
    Daq = 0,
    Syslog = 1,
}
