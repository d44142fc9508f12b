namespace OnlineConsole.Core.Notifications;

/// <summary>A route an alarm took, with everything inherited resolved.</summary>
public sealed record EffectiveRoute(
    string Id,
    IReadOnlyList<string> ContactPoints,
    IReadOnlyList<string> GroupBy,
    TimeSpan GroupWait,
    TimeSpan GroupInterval,
    TimeSpan RepeatInterval,
    IReadOnlyList<string> MuteTimings,
    IReadOnlyList<EscalationStep> Escalation);
