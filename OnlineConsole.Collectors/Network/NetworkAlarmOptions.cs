using System.Net;
using OnlineConsole.Collectors.Snmp;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Network;

namespace OnlineConsole.Collectors.Network;

/// <summary>
/// Port thresholds (keys of section "Network", read whether or not SNMP polling is configured, so the simulated
/// network uses them too). Registered as the one <see cref="NetworkAlarmThresholds"/> singleton.
/// </summary>
public sealed class NetworkAlarmOptions : IValidatableOptions
{
    public double UtilizationWarning { get; set; } = NetworkAlarmThresholds.Default.UtilizationWarning;
    public double UtilizationAlarm { get; set; } = NetworkAlarmThresholds.Default.Utilization;
    public double ErrorRateAlarm { get; set; } = NetworkAlarmThresholds.Default.ErrorsPerSecond;

    public NetworkAlarmThresholds Thresholds => new(UtilizationAlarm, ErrorRateAlarm) { UtilizationWarning = UtilizationWarning };

    public IEnumerable<string> Validate()
    {
        const string at = NetworkOptions.Section;
        if (UtilizationAlarm is <= 0 or > 1) yield return $"{at}:UtilizationAlarm is a fraction in (0, 1].";
        if (UtilizationWarning <= 0 || UtilizationWarning > UtilizationAlarm) yield return $"{at}:UtilizationWarning is a fraction in (0, UtilizationAlarm].";
        if (ErrorRateAlarm <= 0) yield return $"{at}:ErrorRateAlarm must be positive (errors per second).";
    }
}
