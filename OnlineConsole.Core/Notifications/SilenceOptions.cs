using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.Notifications;

/// <summary>Alarms matching all <see cref="Matchers"/> are not notified until <see cref="Until"/>.</summary>
public sealed class SilenceOptions
{
    public List<string> Matchers { get; set; } = [];
    public DateTimeOffset? From { get; set; }
    public DateTimeOffset Until { get; set; }
    public string Reason { get; set; } = "";
    public string CreatedBy { get; set; } = "";

    public bool Silences(Alarm alarm, DateTimeOffset now) =>
        (From is null || now >= From) && now < Until && Matchers.Count > 0
        && Matchers.All(m => Matcher.TryParse(m, out _) is { } parsed && parsed.Matches(alarm));
}
