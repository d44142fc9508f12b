namespace OnlineConsole.Collectors.RedisHealth;

/// <summary>One Redis server watched for health: a name, host:port, and its password if it has one (never shown).</summary>
public sealed class RedisHealthInstanceOptions
{
    public string Name { get; set; } = "";
    public string Endpoint { get; set; } = "";
    public string? User { get; set; }
    public string? Password { get; set; }
}
