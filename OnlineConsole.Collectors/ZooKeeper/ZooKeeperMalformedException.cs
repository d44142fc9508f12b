namespace OnlineConsole.Collectors.ZooKeeper;

/// <summary>A four-letter-word reply that is not what ZooKeeper sends.</summary>
public sealed class ZooKeeperMalformedException : Exception
{
    public ZooKeeperMalformedException() { }

    public ZooKeeperMalformedException(string message) : base(message) { }

    public ZooKeeperMalformedException(string message, Exception inner) : base(message, inner) { }
}
