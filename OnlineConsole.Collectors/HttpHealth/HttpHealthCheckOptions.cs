namespace OnlineConsole.Collectors.HttpHealth;

/// <summary>One health endpoint: Harbor's /api/v2.0/health, Grafana's /api/health, or any URL with an expected status.</summary>
public sealed class HttpHealthCheckOptions
{
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";

    /// <summary>The status that means healthy.</summary>
    public int ExpectStatus { get; set; } = 200;

    /// <summary>Text the body must contain as well (optional).</summary>
    public string? ExpectBody { get; set; }
}
