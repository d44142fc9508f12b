namespace OnlineConsole.Core.Notifications;

/// <summary>A "the notification path works" message on a schedule; none when <see cref="Interval"/> is null.</summary>
public sealed class HeartbeatOptions
{
    public TimeSpan? Interval { get; set; }
    public List<string> ContactPoints { get; set; } = [];
}
