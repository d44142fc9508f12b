namespace OnlineConsole.Core.Collectors;

/// <summary>Names of the figures collectors report with <see cref="CollectorHealth.SetGauge"/> (each has a UI text "Gauge.NAME").</summary>
public static class CollectorGauges
{
    /// <summary>Messages on the consumer's partitions not yet consumed (high watermark - position).</summary>
    public const string ConsumerLag = "lag";

    /// <summary>Brokers the consumer is connected to.</summary>
    public const string BrokersUp = "brokers";

    /// <summary>Bytes waiting in the receive socket's buffer at the last read (syslog over UDP).</summary>
    public const string SocketQueue = "queue";

    /// <summary>TCP connections open now (syslog over TCP).</summary>
    public const string Connections = "connections";

    /// <summary>Slow-control channels in the store.</summary>
    public const string Channels = "channels";

    /// <summary>Messages on subscribed topics that match no configured channel pattern.</summary>
    public const string Unmatched = "unmatched";

    /// <summary>Items of the Phoebus alarm tree.</summary>
    public const string AlarmItems = "items";
}
