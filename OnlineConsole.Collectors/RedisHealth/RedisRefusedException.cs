namespace OnlineConsole.Collectors.RedisHealth;

/// <summary>The server answered a command with an error reply ("WRONGPASS ...", "NOAUTH ...").</summary>
public sealed class RedisRefusedException : Exception
{
    public RedisRefusedException()
    {
    }

    public RedisRefusedException(string message)
        : base(message)
    {
    }

    public RedisRefusedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
