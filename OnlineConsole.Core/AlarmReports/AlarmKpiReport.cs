using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.AlarmReports;

/// <summary>
/// Alarm system performance over a window (ISA-18.2 / EEMUA 191 figures), computed by <see cref="AlarmKpiCalculator"/>.
/// Immutable.
/// </summary>
public sealed record AlarmKpiReport(
    DateTimeOffset From,
    DateTimeOffset To,
    int Activations,
    double PerHour,
    double Per10Minutes,
    int PeakHour,
    int Peak10Minutes,
    double PercentTenMinutesInFlood,
    double PercentTimeInFlood,
    IReadOnlyDictionary<AlarmSeverity, int> BySeverity,
    IReadOnlyList<AlarmKpiBin> Hours,
    IReadOnlyList<AlarmKpiBin> TenMinutes,
    IReadOnlyList<AlarmFlood> Floods,
    IReadOnlyList<AlarmKeyFrequency> TopKeys,
    IReadOnlyList<ChatteringAlarm> Chattering,
    IReadOnlyList<Alarm> Stale,
    IReadOnlyList<ShiftKpi> Shifts)
{
    /// <summary>Share of the activations that the ten most frequent keys produced (EEMUA: a few bad actors).</summary>
    public double TopKeysShare => TopKeys.Sum(k => k.Share);
}
