namespace OnlineConsole.Core.Live;

/// <summary>The subscribing side of the <see cref="ChangeHub"/>: pages listen, only store areas publish.</summary>
public interface IChangeFeed
{
    int SubscriberCount { get; }
    long PublishedCount { get; }
    ChangeHub.StoreSubscription Subscribe(StoreArea interest, TimeSpan? window = null);
}
