using OnlineConsole.Core.Notifications;

namespace OnlineConsole.Collectors.Notifications;

/// <summary>Sends planned messages to one contact point. Implementations never log or return a secret.</summary>
public interface IContactPointSender
{
    string Name { get; }

    /// <summary>Messages that may go now without hitting the receiver's rate limit (int.MaxValue when it has none).</summary>
    int Available { get; }

    Task<SendResult> SendAsync(OutgoingNotification notification, CancellationToken cancellationToken);
}
