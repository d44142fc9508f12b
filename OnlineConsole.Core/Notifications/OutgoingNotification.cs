namespace OnlineConsole.Core.Notifications;

/// <summary>
/// One message for one contact point, as the planner decided it; rendered when sent. <see cref="IdempotencyKey"/> is
/// derived from the content, so the same decision made twice (a restart, a second console instance) has the same key.
/// </summary>
public sealed record OutgoingNotification
{
    public required string IdempotencyKey { get; init; }
    public required string ContactPoint { get; init; }
    public required NotificationKind Kind { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string Route { get; init; } = "";
    public string GroupKey { get; init; } = "";
    public IReadOnlyDictionary<string, string> GroupLabels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<NotifiedAlarm> Alarms { get; init; } = [];
    public IReadOnlyList<Mention> Mentions { get; init; } = [];

    /// <summary>1 for the first escalation step, 2 for the second, ...; 0 otherwise.</summary>
    public int EscalationLevel { get; init; }

    public int Firing => Alarms.Count(a => !a.Resolved);
    public int Resolved => Alarms.Count(a => a.Resolved);
}
