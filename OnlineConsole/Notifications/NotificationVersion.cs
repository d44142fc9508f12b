namespace OnlineConsole.Notifications;

/// <summary>A line of the history (without the configuration itself).</summary>
public sealed record NotificationVersion(long Version, DateTimeOffset? ChangedAt, string ChangedBy, string? Reason, string Summary);
