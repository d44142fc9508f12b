using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.AlarmReports;

/// <summary>Alarm performance figures (section "AlarmKpi"): the shifts they are reported by.</summary>
public sealed class AlarmKpiOptions : IValidatableOptions
{
    public const string Section = "AlarmKpi";

    /// <summary>
    /// Start times in site time; each shift lasts until the next one starts, the last until the first of the next
    /// day, so shifts can neither overlap nor leave a gap. Default: 00-08, 08-16, 16-24.
    /// </summary>
    public List<ShiftOptions> Shifts { get; set; } = [];

    /// <summary>The configured shifts by start time, or the three default ones when none is configured.</summary>
    public IReadOnlyList<ShiftOptions> EffectiveShifts =>
        Shifts.Count > 0 ? [.. Shifts.OrderBy(s => s.Start)]
        : [new() { Start = TimeSpan.Zero }, new() { Start = TimeSpan.FromHours(8) }, new() { Start = TimeSpan.FromHours(16) }];

    public IEnumerable<string> Validate()
    {
        for (var i = 0; i < Shifts.Count; i++)
            if (Shifts[i].Start < TimeSpan.Zero || Shifts[i].Start >= TimeSpan.FromDays(1))
                yield return $"{Section}:Shifts:{i}:Start must be between 00:00 and 23:59 (is {Shifts[i].Start}).";
        if (Shifts.Select(s => s.Start).Distinct().Count() != Shifts.Count)
            yield return $"{Section}:Shifts: two shifts start at the same time.";
    }
}
