using OnlineConsole.Core.Live;

namespace OnlineConsole.Security;

/// <summary>Login hardening (section "Security").</summary>
public sealed class SecurityOptions : IValidatableOptions
{
    public const string Section = "Security";

    public int MaxFailedLogins { get; set; } = 5;
    public TimeSpan LockoutTime { get; set; } = TimeSpan.FromMinutes(5);
    public int MinPasswordLength { get; set; } = 10;
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Redirect HTTP to HTTPS (behind a TLS-terminating proxy leave it off).</summary>
    public bool HttpsRedirect { get; set; }

    /// <summary>The port browsers reach HTTPS on (e.g. 443 at the gateway), for the redirect; null: the console's own HTTPS binding.</summary>
    public int? HttpsPort { get; set; }

    /// <summary>Send Strict-Transport-Security on HTTPS responses (direct TLS or a gateway named in Gateway), for a year.</summary>
    public bool Hsts { get; set; }

    /// <summary>Login POSTs allowed per client address per minute.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 20;

    /// <summary>Refusals (403, 429, denied pages) are audited as one row per user, address and window, with a count.</summary>
    public TimeSpan RefusalAuditWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Single sign-on through a trusted reverse proxy that sets a user header. Off unless configured.</summary>
    public TrustedProxyOptions TrustedProxy { get; set; } = new();

    public IEnumerable<string> Validate()
    {
        if (MaxFailedLogins is < 1 or > 100) yield return $"{Section}:MaxFailedLogins must be between 1 and 100.";
        if (LockoutTime < TimeSpan.FromSeconds(1)) yield return $"{Section}:LockoutTime must be at least 1 second.";
        if (MinPasswordLength is < 8 or > 128) yield return $"{Section}:MinPasswordLength must be between 8 and 128.";
        if (LoginAttemptsPerMinute < 1) yield return $"{Section}:LoginAttemptsPerMinute must be positive.";
        if (RefusalAuditWindow < TimeSpan.FromSeconds(1)) yield return $"{Section}:RefusalAuditWindow must be at least 1 second.";
        if (TrustedProxy.Enabled)
        {
            if (TrustedProxy.Proxies.Count == 0) yield return $"{Section}:TrustedProxy:Proxies must list the proxy addresses when enabled.";
            foreach (var p in TrustedProxy.Proxies)
                if (!System.Net.IPAddress.TryParse(p, out _)) yield return $"{Section}:TrustedProxy:Proxies: '{p}' is not an IP address.";
            if (string.IsNullOrWhiteSpace(TrustedProxy.UserHeader)) yield return $"{Section}:TrustedProxy:UserHeader must be set.";
        }
    }
}
