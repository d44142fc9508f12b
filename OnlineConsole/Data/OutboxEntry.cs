using OnlineConsole.Core.Notifications;

namespace OnlineConsole.Data;

/// <summary>A row of the notification outbox.</summary>
public sealed record OutboxEntry(
    string Key,
    string ContactPoint,
    OutgoingNotification Notification,
    string State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? SentAt,
    string? LastError);
