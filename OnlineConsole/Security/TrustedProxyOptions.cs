namespace OnlineConsole.Security;

/// <summary>Single sign-on through a reverse proxy (section "Security:TrustedProxy").</summary>
public sealed class TrustedProxyOptions
{
    public bool Enabled { get; set; }
    public List<string> Proxies { get; set; } = [];
    public string UserHeader { get; set; } = "X-Remote-User";
}
