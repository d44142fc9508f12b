using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Core.Dcs;

/// <summary>The slow-control channels (section "Dcs"): topic patterns with units, limits and intervals.</summary>
public sealed class DcsOptions : IValidatableOptions
{
    public const string Section = "Dcs";

    /// <summary>The channel patterns; when empty, those of the built-in demonstrator (<see cref="DemonstratorPoints"/>).</summary>
    public List<DcsPointOptions> Points { get; set; } = [];

    /// <summary>Most channels kept; readings of further topics are refused and counted.</summary>
    public int MaxChannels { get; set; } = 200_000;

    public IReadOnlyList<DcsPointOptions> EffectivePoints => Points.Count > 0 ? Points : DemonstratorPoints("dcs");

    public IEnumerable<string> Validate()
    {
        if (MaxChannels is < 1 or > 2_000_000) yield return $"{Section}:MaxChannels must be between 1 and 2000000 (is {MaxChannels}).";
        for (var i = 0; i < Points.Count; i++)
            foreach (var e in Points[i].Validate($"{Section}:Points:{i}")) yield return e;
    }

    /// <summary>
    /// The demonstrator's channels under <paramref name="prefix"/>: HV crate/board/channel (vmon, imon, vset, status;
    /// vset and status commandable), LV crate/channel (vmon, imon, status) and temperature/humidity per area/sensor.
    /// </summary>
    public static List<DcsPointOptions> DemonstratorPoints(string prefix)
    {
        var hv = prefix + "/hv/{crate}/{board}/{channel}/";
        var lv = prefix + "/lv/{crate}/{channel}/";
        var env = prefix + "/env/{area}/{sensor}/";
        const string hvGroup = "HV {crate}/{board}";
        const string lvGroup = "LV {crate}";
        const string envGroup = "{area}";
        var hvGuidance = "Check the channel's current and status; if it tripped, find why (a PMT or cable fault) before switching it on again. Call the HV expert.";
        return
        [
            new() { Topic = hv + "vmon", Kind = DcsKind.Voltage, Unit = "V", High = 2100, Interval = TimeSpan.FromSeconds(5), Group = hvGroup, Name = "{channel} VMon", Guidance = hvGuidance },
            new() { Topic = hv + "imon", Kind = DcsKind.Current, Unit = "µA", High = 120, Interval = TimeSpan.FromSeconds(5), Group = hvGroup, Name = "{channel} IMon", Guidance = hvGuidance },
            new()
            {
                Topic = hv + "vset", Kind = DcsKind.Voltage, Unit = "V", Interval = TimeSpan.FromSeconds(10), Group = hvGroup, Name = "{channel} VSet",
                SetTopic = hv + "set/vset", SetMin = 0, SetMax = 2000, Tolerance = 0.5,
            },
            new()
            {
                Topic = hv + "status", Kind = DcsKind.Status, Interval = TimeSpan.FromSeconds(10), Group = hvGroup, Name = "{channel} Status",
                SetTopic = hv + "set/power", Severity = AlarmSeverity.Major, Guidance = hvGuidance,
            },
            new() { Topic = lv + "vmon", Kind = DcsKind.Voltage, Unit = "V", Low = 11.4, High = 12.6, Interval = TimeSpan.FromSeconds(5), Group = lvGroup, Name = "{channel} VMon" },
            new() { Topic = lv + "imon", Kind = DcsKind.Current, Unit = "A", High = 8, Interval = TimeSpan.FromSeconds(5), Group = lvGroup, Name = "{channel} IMon" },
            new() { Topic = lv + "status", Kind = DcsKind.Status, Interval = TimeSpan.FromSeconds(10), Group = lvGroup, Name = "{channel} Status", SetTopic = lv + "set/power", Severity = AlarmSeverity.Major },
            new() { Topic = env + "temperature", Kind = DcsKind.Temperature, Unit = "°C", Low = 10, High = 30, Interval = TimeSpan.FromSeconds(30), Group = envGroup, Name = "{sensor} T" },
            new() { Topic = env + "humidity", Kind = DcsKind.Humidity, Unit = "%", High = 70, Interval = TimeSpan.FromSeconds(30), Group = envGroup, Name = "{sensor} RH" },
        ];
    }
}
