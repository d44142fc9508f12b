using OnlineConsole.Core.Alarms;

namespace OnlineConsole.Core.Notifications;

/// <summary>One notified activation of an alarm on a route with escalation steps; <see cref="Next"/> is the next step.</summary>
internal sealed class EscalationWatch(EffectiveRoute route, Alarm alarm)
{
    public EffectiveRoute Route { get; } = route;
    public Alarm Alarm { get; set; } = alarm;
    public int Next { get; set; }
}
