using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.AlarmReports;

/// <summary>The wall's tiles from an alarm snapshot: every known area, plus "other" while it has alarms.</summary>
public static class WallTiles
{
    public const int TopCount = 3;

    public static IReadOnlyList<WallTile> Build(AlarmSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var byArea = new Dictionary<string, List<Alarm>>(StringComparer.Ordinal);
        // Shelved and out-of-service alarms are hidden on purpose: the wall shows only what the active list shows.
        foreach (var a in snapshot.Alarms.Where(a => a.InActiveList))
        {
            var area = AlarmAreas.Of(a);
            if (!byArea.TryGetValue(area, out var list)) byArea[area] = list = [];
            list.Add(a);
        }
        var areas = byArea.ContainsKey(AlarmAreas.Other) ? [.. AlarmAreas.Known, AlarmAreas.Other] : AlarmAreas.Known;
        return [.. areas.Select(area =>
        {
            var alarms = byArea.GetValueOrDefault(area) ?? [];
            var active = alarms.Where(a => a.Active).ToList();
            AlarmSeverity? worst = active.Count == 0 ? null : active.Max(a => a.Severity);
            // Standing conditions first (worst first, as the snapshot is sorted), root causes and alarms on their own
            // before those caused by another (a failed switch, not its twenty ports), then those that cleared but
            // wait for an acknowledgement.
            var top = active.Where(a => a.SuppressedBy is null).Concat(active.Where(a => a.SuppressedBy is not null))
                .Concat(alarms.Where(a => !a.Active)).Take(TopCount).ToList();
            return new WallTile(area, worst, active.Count, alarms.Count(a => a.NeedsAcknowledgement), alarms.Count, top);
        })];
    }
}
