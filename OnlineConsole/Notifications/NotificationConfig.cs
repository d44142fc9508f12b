using OnlineConsole.Core.Notifications;

namespace OnlineConsole.Notifications;

/// <summary>A version of the configuration. <paramref name="Problems"/> names secrets that could not be read.</summary>
public sealed record NotificationConfig(NotificationOptions Options, long Version, DateTimeOffset? ChangedAt, string ChangedBy, IReadOnlyList<string> Problems);
