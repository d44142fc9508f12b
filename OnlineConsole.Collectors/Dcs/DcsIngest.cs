using Microsoft.Extensions.Logging;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Dcs;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Dcs;

/// <summary>
/// The one way slow-control messages reach the store, for the MQTT collector and the embedded demonstrator alike:
/// a batch applied at once, damaged payloads counted per topic family ("dcs/hv") and logged once a minute each with
/// an example, channels beyond the store's limit counted as dropped.
/// </summary>
public sealed class DcsIngest(LiveStore store, CollectorHealth health, ILogger logger, string source)
{
    private readonly MalformedLog _log = new();

    public DcsApplyResult Apply(IReadOnlyList<DcsMessage> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var now = store.Time.GetUtcNow();
        var result = store.Dcs.Apply(batch, new SourceStamp(source, now));
        health.CountReceived(batch.Count);
        if (result.Refused > 0) health.CountDropped(result.Refused);
        if (result.Unmatched > 0) health.SetGauge(CollectorGauges.Unmatched, health.Snapshot().Gauges.GetValueOrDefault(CollectorGauges.Unmatched) + result.Unmatched);
        health.SetGauge(CollectorGauges.Channels, store.Dcs.Count);
        foreach (var group in result.Malformed.GroupBy(m => Family(m.Topic), StringComparer.Ordinal))
        {
            health.CountMalformed(group.Key, group.Count());
            if (!_log.ShouldLog(group.Key, now)) continue;
            var (topic, error) = group.First();
            logger.LogWarning("DCS {Source}: {Count} damaged payloads under {Family}, skipped; e.g. {Topic}: {Error}", source, group.Count(), group.Key, topic, error);
        }
        return result;
    }

    // The first two topic levels name the family of channels ("dcs/hv"), the unit of counting and logging.
    private static string Family(string topic)
    {
        var first = topic.IndexOf('/', StringComparison.Ordinal);
        var second = first < 0 ? -1 : topic.IndexOf('/', first + 1);
        return second < 0 ? topic : topic[..second];
    }
}
