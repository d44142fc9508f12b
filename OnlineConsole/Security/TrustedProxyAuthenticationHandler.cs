using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OnlineConsole.Data;

namespace OnlineConsole.Security;

/// <summary>
/// Single sign-on behind a reverse proxy: the proxy authenticates and names the user in a header. The header is
/// believed only from the configured proxy addresses, and only for users that exist here and are enabled (the
/// role comes from our own user table, never from the request).
/// </summary>
public sealed class TrustedProxyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptions<SecurityOptions> security, UserStore users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TrustedProxy";

    /// <summary>Where the request's TCP peer is kept before forwarded headers replace the remote address.</summary>
    public const string PeerKey = "oc.peer";

    public static bool Applies(HttpContext context, TrustedProxyOptions proxy)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(proxy);
        // The TCP peer, not the address a gateway forwarded: only the proxy itself may vouch for a user.
        return proxy.Enabled && (context.Items[PeerKey] as IPAddress ?? context.Connection.RemoteIpAddress) is { } remote &&
            proxy.Proxies.Any(p => IPAddress.TryParse(p, out var a) && (a.Equals(remote) || a.Equals(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))) &&
            context.Request.Headers.ContainsKey(proxy.UserHeader);
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var proxy = security.Value.TrustedProxy;
        if (!Applies(Context, proxy)) return Task.FromResult(AuthenticateResult.NoResult());
        var name = Context.Request.Headers[proxy.UserHeader].ToString().Trim();
        var user = users.Find(name);
        if (user is null || user.Disabled) return Task.FromResult(AuthenticateResult.Fail($"Proxy user '{name}' is unknown or disabled."));
        var principal = Principals.Create(user.Name, user.Role, Context.Connection.RemoteIpAddress?.ToString(), SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
