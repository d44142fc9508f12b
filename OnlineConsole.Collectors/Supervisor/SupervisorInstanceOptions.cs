namespace OnlineConsole.Collectors.Supervisor;

/// <summary>One supervisord's XML-RPC endpoint, e.g. http://mon01:9001/RPC2.</summary>
public sealed class SupervisorInstanceOptions
{
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";
    public string? User { get; set; }
    public string? Password { get; set; }
}
