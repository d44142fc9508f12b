using Microsoft.Extensions.Options;
using OnlineConsole.Core.AlarmReports;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Data;
using OnlineConsole.Hosting;

namespace OnlineConsole.AlarmReports;

/// <summary>
/// The alarm KPIs of the last 24 h as the page and the CSV export show them: one computation, one set of settings.
/// The window reaches back past a restart: what happened before the process kept events in memory is read from the
/// alarm journal, once per change of where memory begins, not on every recomputation.
/// </summary>
public sealed class AlarmKpiSource(LiveStore store, AlarmJournal journal, IOptions<AlarmKpiOptions> options, IOptions<SiteOptions> site)
{
    private readonly Lock _gate = new();
    private (DateTimeOffset From, DateTimeOffset Before, IReadOnlyList<AlarmEvent> Events)? _older;

    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(site.Value.TimeZone);

    public IReadOnlyList<ShiftOptions> Shifts => options.Value.EffectiveShifts;

    public AlarmKpiReport Report()
    {
        var now = store.Time.GetUtcNow();
        var alarms = store.Alarms;
        return AlarmKpiCalculator.Compute(Events(now - AlarmKpiCalculator.DefaultWindow, null), alarms.Snapshot(), now, Zone, Shifts,
            alarms.Options.ChatterCount, alarms.Options.ChatterWindow);
    }

    /// <summary>Events since <paramref name="since"/> (default: the KPI window), oldest first: the journal's, then memory's.</summary>
    public IReadOnlyList<AlarmEvent> Events(DateTimeOffset? since, string? key)
    {
        var from = since ?? store.Time.GetUtcNow() - AlarmKpiCalculator.DefaultWindow;
        key = string.IsNullOrEmpty(key) ? null : key;
        var memory = store.Alarms.Events(key, from);
        var memoryStart = store.Alarms.EventsCompleteSince;
        if (memoryStart <= from) return memory;
        var older = key is null ? Older(from, memoryStart) : journal.Range(from, memoryStart, key);
        if (older.Count == 0) return memory;
        return [.. older, .. memory];
    }

    private IReadOnlyList<AlarmEvent> Older(DateTimeOffset from, DateTimeOffset before)
    {
        lock (_gate)
        {
            // The window slides forward: a cached read that covers it is trimmed, not read again.
            if (_older is not { } cached || cached.Before != before || cached.From > from)
            {
                cached = (from, before, journal.Range(from, before));
                _older = cached;
            }
            return cached.From == from ? cached.Events : [.. cached.Events.Where(e => e.At >= from)];
        }
    }

    /// <summary>A time in the site's zone, as the KPI tables and exports show it.</summary>
    public string SiteTime(DateTimeOffset t) =>
        TimeZoneInfo.ConvertTime(t, Zone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The label of a shift: its name, or its hours when it has none ("08:00-16:00").</summary>
    public string ShiftLabel(ShiftKpi shift)
    {
        ArgumentNullException.ThrowIfNull(shift);
        return shift.Name.Length > 0 ? shift.Name : ShiftHours(shift);
    }

    public string ShiftHours(ShiftKpi shift)
    {
        ArgumentNullException.ThrowIfNull(shift);
        var list = Shifts;
        var start = TimeZoneInfo.ConvertTime(shift.Start, Zone).TimeOfDay;
        // The configured start at or before this one (a clipped shift starts later than configured).
        var i = list.Count - 1;
        while (i > 0 && list[i].Start > start) i--;
        var end = list[(i + 1) % list.Count].Start;
        return $"{list[i].Start:hh\\:mm}-{(end == TimeSpan.Zero ? "24:00" : end.ToString("hh\\:mm", System.Globalization.CultureInfo.InvariantCulture))}";
    }
}
