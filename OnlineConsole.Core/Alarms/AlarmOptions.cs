using OnlineConsole.Core.Alarms.Rules;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Alarms;

/// <summary>The alarm system's behaviour and limits (section "Alarms").</summary>
public sealed class AlarmOptions : IValidatableOptions
{
    public const string Section = "Alarms";

    /// <summary>Per rule name; a signal whose rule is not listed gets <see cref="DefaultRule"/>.</summary>
    public Dictionary<string, AlarmRule> Rules { get; set; } = BuiltInRules.Defaults();

    public AlarmRule DefaultRule { get; set; } = new();

    /// <summary>An alarm activating this many times within <see cref="ChatterWindow"/> is marked chattering.</summary>
    public int ChatterCount { get; set; } = 5;

    public TimeSpan ChatterWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest shelf per severity: a critical alarm cannot be hidden for a shift.</summary>
    public Dictionary<AlarmSeverity, TimeSpan> MaxShelve { get; set; } = new()
    {
        [AlarmSeverity.Critical] = TimeSpan.FromHours(1),
        [AlarmSeverity.Major] = TimeSpan.FromHours(8),
        [AlarmSeverity.Minor] = TimeSpan.FromHours(24),
        [AlarmSeverity.Warning] = TimeSpan.FromHours(72),
    };

    /// <summary>After a run-state change, activations of run-dependent rules wait this long (the detector settles).</summary>
    public TimeSpan RunSettle { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A new activation is handed to the notifier only after this hold, if it is still active, unacknowledged,
    /// not shelved and not caused by another alarm: the root cause of a flood usually arrives within it.
    /// </summary>
    public TimeSpan NotifyHold { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most alarms kept at once (active, latched, shelved, out of service); new keys beyond it are refused and counted.</summary>
    public int MaxAlarms { get; set; } = 50_000;

    /// <summary>Alarm events kept in memory for the timeline and the KPIs (older ones are only in the database).</summary>
    public int EventCapacity { get; set; } = 200_000;

    /// <summary>Which DAQ server reads each GCU (GCU id -> server name): a GCU's alarms hang from its server's.</summary>
    public Dictionary<int, string> GcuServers { get; set; } = [];

    /// <summary>A GCU is one alarm when at least this many of its channels are bad ...</summary>
    public int GcuMinBadChannels { get; set; } = 3;

    /// <summary>... and at least this fraction of them.</summary>
    public double GcuBadFraction { get; set; } = 0.25;

    public AlarmRule RuleFor(string name) => Rules.TryGetValue(name, out var r) ? r : DefaultRule;

    public IEnumerable<string> Validate()
    {
        if (ChatterCount is < 2 or > 1000) yield return $"{Section}:ChatterCount must be between 2 and 1000 (is {ChatterCount}).";
        if (ChatterWindow < TimeSpan.FromSeconds(1) || ChatterWindow > TimeSpan.FromHours(24)) yield return $"{Section}:ChatterWindow must be between 00:00:01 and 1.00:00:00 (is {ChatterWindow}).";
        if (RunSettle < TimeSpan.Zero || RunSettle > TimeSpan.FromHours(1)) yield return $"{Section}:RunSettle must be between 0 and 01:00:00 (is {RunSettle}).";
        if (NotifyHold < TimeSpan.Zero || NotifyHold > TimeSpan.FromMinutes(30)) yield return $"{Section}:NotifyHold must be between 0 and 00:30:00 (is {NotifyHold}).";
        if (MaxAlarms is < 100 or > 10_000_000) yield return $"{Section}:MaxAlarms must be between 100 and 10000000 (is {MaxAlarms}).";
        if (EventCapacity is < 1000 or > 10_000_000) yield return $"{Section}:EventCapacity must be between 1000 and 10000000 (is {EventCapacity}).";
        if (GcuMinBadChannels is < 1 or > 1000) yield return $"{Section}:GcuMinBadChannels must be between 1 and 1000 (is {GcuMinBadChannels}).";
        if (GcuBadFraction is <= 0 or > 1) yield return $"{Section}:GcuBadFraction must be above 0 and at most 1 (is {GcuBadFraction}).";
        foreach (var (severity, max) in MaxShelve)
            if (max <= TimeSpan.Zero || max > TimeSpan.FromDays(30)) yield return $"{Section}:MaxShelve:{severity} must be between 00:00:01 and 30.00:00:00 (is {max}).";
        foreach (var e in DefaultRule.Validate("DefaultRule")) yield return e.Replace(":Rules:DefaultRule", ":DefaultRule", StringComparison.Ordinal);
        foreach (var (name, rule) in Rules)
            foreach (var e in rule.Validate(name)) yield return e;
    }
}
