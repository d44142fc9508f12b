using System.Text.Json;

namespace OnlineConsole.Collectors.Kafka;

/// <summary>Figures read from librdkafka's statistics JSON (statistics.interval.ms), shared by the Kafka consumers.</summary>
public static class KafkaStatistics
{
    /// <summary>Brokers of the cluster (not the bootstrap entries) the client is connected to now.</summary>
    public static int BrokersUp(JsonElement root)
    {
        var up = 0;
        if (root.TryGetProperty("brokers", out var brokers))
            foreach (var b in brokers.EnumerateObject())
                if (b.Value.TryGetProperty("source", out var src) && src.GetString() == "learned"
                    && b.Value.TryGetProperty("state", out var st) && st.GetString() == "UP") up++;
        return up;
    }
}
