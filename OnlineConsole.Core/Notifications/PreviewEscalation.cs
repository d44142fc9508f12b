namespace OnlineConsole.Core.Notifications;

/// <summary>An escalation step: sent at <paramref name="At"/> if nobody acknowledged the alarm by then.</summary>
public sealed record PreviewEscalation(DateTimeOffset At, IReadOnlyList<string> ContactPoints);
