using Microsoft.Extensions.Options;
using OnlineConsole.Core.AlarmReports;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Hosting;

namespace OnlineConsole.AlarmReports;

/// <summary>The alarm KPIs of the last 24 h as the page and the CSV export show them: one computation, one set of settings.</summary>
public sealed class AlarmKpiSource(LiveStore store, IOptions<AlarmKpiOptions> options, IOptions<SiteOptions> site)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(site.Value.TimeZone);

    public IReadOnlyList<ShiftOptions> Shifts => options.Value.EffectiveShifts;

    public AlarmKpiReport Report()
    {
        var now = store.Time.GetUtcNow();
        var alarms = store.Alarms;
        return AlarmKpiCalculator.Compute(alarms.Events(since: now - AlarmKpiCalculator.DefaultWindow), alarms.Snapshot(), now, Zone, Shifts,
            alarms.Options.ChatterCount, alarms.Options.ChatterWindow);
    }

    /// <summary>Events kept in memory since <paramref name="since"/> (default: the KPI window), oldest first.</summary>
    public IReadOnlyList<AlarmEvent> Events(DateTimeOffset? since, string? key) =>
        store.Alarms.Events(string.IsNullOrEmpty(key) ? null : key, since ?? store.Time.GetUtcNow() - AlarmKpiCalculator.DefaultWindow);

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
