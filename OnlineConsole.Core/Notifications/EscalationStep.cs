namespace OnlineConsole.Core.Notifications;

/// <summary>When an alarm is still unacknowledged <see cref="After"/> its activation, tell these contact points too.</summary>
public sealed class EscalationStep
{
    public TimeSpan After { get; set; } = TimeSpan.FromMinutes(15);
    public List<string> ContactPoints { get; set; } = [];
}
