namespace OnlineConsole.Collectors.Redis;

/// <summary>The Redis protocol the console speaks (setting <c>Redis:Protocol</c>).</summary>
public enum RedisWireProtocol
{
    /// <summary>Two connections, one of them for pub/sub; works with every Redis version.</summary>
    Resp2,

    /// <summary>One connection carrying replies and pub/sub pushes; needs Redis 6 or later.</summary>
    Resp3,
}
