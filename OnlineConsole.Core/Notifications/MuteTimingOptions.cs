namespace OnlineConsole.Core.Notifications;

/// <summary>A named set of time intervals during which the routes that name it send nothing (messages wait).</summary>
public sealed class MuteTimingOptions
{
    public string Name { get; set; } = "";
    public List<TimeIntervalOptions> Intervals { get; set; } = [];

    public bool Contains(DateTimeOffset at, TimeZoneInfo zone) => Intervals.Any(i => i.Contains(at, zone));
}
