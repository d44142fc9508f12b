using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.AlarmReports;

/// <summary>
/// Alarm performance figures (ISA-18.2, EEMUA 191) from the alarm timeline: activations per hour and per 10 minutes,
/// floods, the most frequent keys, chattering and stale alarms, and each shift. Pure: the caller passes the events,
/// the current alarms and the time, so the figures are the same for the page and the CSV export and testable with
/// a manual clock. Bins are aligned to the site's hours, so the chart and the shifts read in site time.
/// </summary>
public static class AlarmKpiCalculator
{
    /// <summary>More activations than this within 10 minutes is a flood (EEMUA 191: one operator cannot follow).</summary>
    public const int FloodThreshold = 10;

    public const int TopKeyCount = 10;

    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);
    public static readonly TimeSpan FloodWindow = TimeSpan.FromMinutes(10);

    /// <summary>An alarm standing longer than this is stale (ISA-18.2).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(24);

    public static AlarmKpiReport Compute(IReadOnlyList<AlarmEvent> events, AlarmSnapshot snapshot, DateTimeOffset now, TimeZoneInfo zone,
        IReadOnlyList<ShiftOptions> shifts, int chatterCount, TimeSpan chatterWindow, TimeSpan? window = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(shifts);
        var span = window ?? DefaultWindow;
        var from = now - span;
        var inWindow = events.Where(e => e.At >= from && e.At <= now).OrderBy(e => e.At).ThenBy(e => e.Id).ToList();
        var activations = inWindow.Where(e => e.Kind == AlarmEventKind.Activated).ToList();
        var times = activations.Select(e => e.At).ToList();

        var hours = Bins(times, from, now, TimeSpan.FromHours(1), zone);
        var tenMinutes = Bins(times, from, now, FloodWindow, zone);
        var floods = Floods(activations);
        var bySeverity = activations.GroupBy(e => e.Severity).ToDictionary(g => g.Key, g => g.Count());
        var floodTime = floods.Aggregate(TimeSpan.Zero, (sum, f) => sum + (f.End - f.Start));

        return new AlarmKpiReport(
            from, now, activations.Count,
            PerHour: activations.Count / span.TotalHours,
            Per10Minutes: activations.Count / (span / FloodWindow),
            PeakHour: hours.Count == 0 ? 0 : hours.Max(b => b.Activations),
            Peak10Minutes: tenMinutes.Count == 0 ? 0 : tenMinutes.Max(b => b.Activations),
            PercentTenMinutesInFlood: tenMinutes.Count == 0 ? 0 : 100.0 * tenMinutes.Count(b => b.Activations > FloodThreshold) / tenMinutes.Count,
            PercentTimeInFlood: 100.0 * floodTime / span,
            bySeverity, hours, tenMinutes, floods,
            TopKeys(activations),
            Chattering(activations, snapshot, chatterCount, chatterWindow),
            [.. snapshot.Alarms.Where(a => a.Active && now - a.ActiveSince > StaleAfter).OrderBy(a => a.ActiveSince).ThenBy(a => a.Key, StringComparer.Ordinal)],
            Shifts(inWindow, floods, from, now, zone, shifts));
    }

    /// <summary>Bins of <paramref name="size"/> aligned to the site's clock, covering [from, to].</summary>
    private static List<AlarmKpiBin> Bins(List<DateTimeOffset> sorted, DateTimeOffset from, DateTimeOffset to, TimeSpan size, TimeZoneInfo zone)
    {
        var offset = zone.GetUtcOffset(from);
        var local = from.ToOffset(offset);
        var sinceMidnight = local.TimeOfDay.Ticks % size.Ticks;
        var start = from - TimeSpan.FromTicks(sinceMidnight);
        var bins = new List<AlarmKpiBin>();
        var i = 0;
        for (var s = start; s < to || (s == to && bins.Count == 0); s += size)
        {
            var e = s + size;
            var n = 0;
            while (i < sorted.Count && (sorted[i] < e || e >= to))
            {
                n++;
                i++;
            }
            bins.Add(new AlarmKpiBin(s, e, n));
        }
        return bins;
    }

    private static List<AlarmFlood> Floods(List<AlarmEvent> activations)
    {
        var t = activations.Select(e => e.At).ToList();
        var spans = new List<(int First, int Last)>();
        for (var i = 0; i + FloodThreshold < t.Count; i++)
        {
            if (t[i + FloodThreshold] - t[i] >= FloodWindow) continue;
            var last = i + FloodThreshold;
            if (spans.Count > 0 && spans[^1].Last >= i) spans[^1] = (spans[^1].First, Math.Max(spans[^1].Last, last));
            else spans.Add((i, last));
        }
        return [.. spans.Select(s =>
        {
            var peak = 0;
            for (int j = s.First, k = s.First; j <= s.Last; j++)
            {
                if (k < j) k = j;
                while (k + 1 <= s.Last && t[k + 1] - t[j] < FloodWindow) k++;
                peak = Math.Max(peak, k - j + 1);
            }
            var top = activations.Skip(s.First).Take(s.Last - s.First + 1).GroupBy(e => e.Key, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
            return new AlarmFlood(t[s.First], t[s.Last], s.Last - s.First + 1, peak, top);
        })];
    }

    private static List<AlarmKeyFrequency> TopKeys(List<AlarmEvent> activations) =>
        [.. activations.GroupBy(e => e.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, Count: g.Count(), Last: g.Last()))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Key, StringComparer.Ordinal).Take(TopKeyCount)
            .Select(x => new AlarmKeyFrequency(x.Key, x.Count, 100.0 * x.Count / activations.Count, x.Last.Severity, x.Last.Message))];

    private static List<ChatteringAlarm> Chattering(List<AlarmEvent> activations, AlarmSnapshot snapshot, int chatterCount, TimeSpan chatterWindow)
    {
        var now = snapshot.Alarms.Where(a => a.Chattering).ToDictionary(a => a.Key, StringComparer.Ordinal);
        var rows = new List<ChatteringAlarm>();
        foreach (var g in activations.GroupBy(e => e.Key, StringComparer.Ordinal))
        {
            var t = g.Select(e => e.At).ToList();
            // As the alarm area counts: an activation and those before it no further back than the chatter window.
            var most = 0;
            for (int j = 0, first = 0; j < t.Count; j++)
            {
                while (t[j] - t[first] > chatterWindow) first++;
                most = Math.Max(most, j - first + 1);
            }
            var chatteringNow = now.Remove(g.Key);
            if (most >= chatterCount || chatteringNow) rows.Add(new ChatteringAlarm(g.Key, g.Last().Message, g.Last().Severity, t.Count, most, chatteringNow));
        }
        // Marked chattering by activations older than the window (or kept in the database only).
        rows.AddRange(now.Values.Select(a => new ChatteringAlarm(a.Key, a.Message, a.Severity, 0, 0, true)));
        return [.. rows.OrderByDescending(r => r.Activations).ThenBy(r => r.Key, StringComparer.Ordinal)];
    }

    private static List<ShiftKpi> Shifts(List<AlarmEvent> inWindow, List<AlarmFlood> floods, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone,
        IReadOnlyList<ShiftOptions> shifts)
    {
        if (shifts.Count == 0) return [];
        var ordered = shifts.OrderBy(s => s.Start).ToList();
        var firstDay = TimeZoneInfo.ConvertTime(from, zone).Date.AddDays(-1);
        var lastDay = TimeZoneInfo.ConvertTime(to, zone).Date;
        var rows = new List<ShiftKpi>();
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
            for (var i = 0; i < ordered.Count; i++)
            {
                var start = AtSite(day + ordered[i].Start, zone);
                var end = i + 1 < ordered.Count ? AtSite(day + ordered[i + 1].Start, zone) : AtSite(day.AddDays(1) + ordered[0].Start, zone);
                if (end <= from || start >= to) continue;
                var s = start < from ? from : start;
                var e = end > to ? to : end;
                var acts = inWindow.Where(x => x.Kind == AlarmEventKind.Activated && x.At >= s && x.At < e).Select(x => x.At).ToList();
                var acks = inWindow.Count(x => x.Kind == AlarmEventKind.Acknowledged && x.At >= s && x.At < e);
                var peak = 0;
                for (int j = 0, k = 0; j < acts.Count; j++)
                {
                    if (k < j) k = j;
                    while (k + 1 < acts.Count && acts[k + 1] - acts[j] < FloodWindow) k++;
                    peak = Math.Max(peak, k - j + 1);
                }
                var hours = (e - s).TotalHours;
                rows.Add(new ShiftKpi(ordered[i].Name, s, e, s != start || e != end, acts.Count, acks, hours > 0 ? acts.Count / hours : 0, peak,
                    floods.Count(f => f.Start >= s && f.Start < e)));
            }
        return rows;
    }

    // A site time that a clock change skips is taken at the offset before the change.
    private static DateTimeOffset AtSite(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified)) return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified.AddHours(-1)));
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}
