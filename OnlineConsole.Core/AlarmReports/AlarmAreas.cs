using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.AlarmReports;

/// <summary>
/// The parts of the experiment an alarm belongs to, from its "area" label. The console's own rules always set one;
/// an external alarm without one (or with a name the console does not know) is "other".
/// </summary>
public static class AlarmAreas
{
    public const string Label = "area";
    public const string Other = "other";

    /// <summary>The areas the wall always shows, in its order.</summary>
    public static IReadOnlyList<string> Known { get; } = ["detector", "network", "services", "dcs", "run", "console"];

    public static string Of(Alarm alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        if (!alarm.Labels.TryGetValue(Label, out var area)) return Other;
        var name = area.Trim().ToLowerInvariant();
        return Known.Contains(name) ? name : Other;
    }
}
