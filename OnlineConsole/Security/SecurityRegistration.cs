using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Security;
using OnlineConsole.Data;

namespace OnlineConsole.Security;

public static class SecurityRegistration
{
    /// <summary>Users, audit, cookie sign-in (and optionally a trusted proxy), and a login required everywhere.</summary>
    public static IServiceCollection AddConsoleSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DataOptions>(configuration, DataOptions.Section);
        services.AddValidatedOptions<SecurityOptions>(configuration, SecurityOptions.Section);
        services.AddSingleton<SettingsDatabase>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<IAccountDirectory>(sp => sp.GetRequiredService<UserStore>());
        services.AddSingleton<IAuditLog, SqlAuditLog>();

        // Persisted keys: sign-in cookies survive a restart of the console.
        services.AddDataProtection().SetApplicationName("OnlineConsole");
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>, KeyManagementOptionsSetup>();

        services.AddValidatedOptions<GatewayOptions>(configuration, GatewayOptions.Section);
        services.AddOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>().Configure<IOptions<GatewayOptions>>((o, g) =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost;
            o.ForwardLimit = g.Value.ForwardLimit;
            // Only the configured gateways: the defaults (loopback) would let any local process claim an address.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var p in g.Value.Proxies) o.KnownProxies.Add(System.Net.IPAddress.Parse(p));
            foreach (var n in g.Value.Networks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(n));
        });
        services.AddHttpsRedirection(o => { });
        services.AddOptions<Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionOptions>().Configure<IOptions<SecurityOptions>>((o, s) =>
        {
            o.HttpsPort = s.Value.HttpsPort;
            o.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            // The console is often reached by address in a control room: those hosts get HSTS too.
            o.ExcludedHosts.Clear();
        });

        const string Smart = "CookieOrProxy";
        services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, Smart, o => o.ForwardDefaultSelector = http =>
                TrustedProxyAuthenticationHandler.Applies(http, http.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.TrustedProxy)
                    ? TrustedProxyAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = DeniedPath;
                o.Cookie.Name = "oc-session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = ValidateStillAllowedAsync;
                // API-style endpoints answer 401/403 instead of redirecting to the login page.
                o.Events.OnRedirectToLogin = c => Challenge(c, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => Challenge(c, StatusCodes.Status403Forbidden, Denied(c.HttpContext));
            })
            .AddScheme<AuthenticationSchemeOptions, TrustedProxyAuthenticationHandler>(TrustedProxyAuthenticationHandler.SchemeName, null);
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<SecurityOptions>>((o, s) => o.ExpireTimeSpan = s.Value.SessionLifetime);

        // Every endpoint needs a signed-in user unless it says otherwise (health, login, static assets).
        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(AccountEndpoints.LoginRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.LoginAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                }));
        });
        services.AddScoped<ActionService>();
        services.AddSingleton<RefusalAudit>();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, AccountStateProvider>();
        services.AddCascadingAuthenticationState();
        // The headers middleware sends X-Frame-Options: DENY for every response; antiforgery's SAMEORIGIN would duplicate it.
        services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true);
        return services;
    }

    /// <summary>The page a refused page request lands on; it names the role needed.</summary>
    public const string DeniedPath = "/denied";

    private static string Denied(HttpContext http) =>
        $"{DeniedPath}?role={EndpointRoles.Required(http.GetEndpoint()) ?? OperatorRole.Display}&path={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}";

    private static Task Challenge(RedirectContext<CookieAuthenticationOptions> context, int status, string? redirect = null)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/_blazor") || (path.Value?.EndsWith(".csv", StringComparison.Ordinal) ?? false) || context.Request.Method != HttpMethods.Get)
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(redirect ?? context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Each request: a disabled or deleted account, a cookie older than the account's stamp or a signed-out
    /// session loses the session; a changed role is put into the cookie at once.
    /// </summary>
    private static async Task ValidateStillAllowedAsync(CookieValidatePrincipalContext context)
    {
        var verdict = context.Principal is { } p
            ? AccountCheck.Evaluate(p, context.HttpContext.RequestServices.GetRequiredService<IAccountDirectory>())
            : new AccountVerdict(null, AccessRefusal.NotSignedIn, null);
        if (!verdict.Allowed)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (verdict.Replacement is { } updated)
        {
            context.ReplacePrincipal(updated);
            context.ShouldRenew = true;
        }
    }

    public static WebApplication UseConsoleSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // First: what follows (HTTPS redirect, HSTS, Secure cookies, the audit's address) must see the browser's request.
        if (app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.Enabled)
        {
            app.Use((context, next) =>
            {
                context.Items[TrustedProxyAuthenticationHandler.PeerKey] = context.Connection.RemoteIpAddress;
                return next(context);
            });
            app.UseForwardedHeaders();
        }
        var security = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (security.Hsts) app.UseHsts();
        // Probes speak plain HTTP to the replica itself: its health is never redirected.
        if (security.HttpsRedirect)
            app.UseWhen(c => !c.Request.Path.StartsWithSegments("/healthz") && !c.Request.Path.StartsWithSegments("/readyz"), b => b.UseHttpsRedirection());
        app.Use(async (context, next) =>
        {
            var h = context.Response.Headers;
            // Only what the app needs: no eval (the 3D map is our own WebGL, plotly draws only SVG line charts);
            // 'unsafe-inline' styles: MudThemeProvider writes an inline <style>, MudBlazor and plotly set style attributes.
            // WebSockets only back to this origin (the circuit); 'self' alone does not cover ws: in every browser.
            var socket = (context.Request.IsHttps ? "wss://" : "ws://") + context.Request.Host.ToUriComponent();
            h.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
                $"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' {socket}; worker-src 'self' blob:; " +
                "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            await next();
        });
        app.Use(AuditRefusalsAsync);
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Every refusal the pipeline answers (403, a redirect to the denied page, 429) goes to the bounded refusal audit.</summary>
    private static async Task AuditRefusalsAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        var response = context.Response;
        var denied = response.StatusCode == StatusCodes.Status403Forbidden ||
            (response.StatusCode == StatusCodes.Status302Found && response.Headers.Location.ToString().StartsWith(DeniedPath + "?", StringComparison.Ordinal));
        var limited = response.StatusCode == StatusCodes.Status429TooManyRequests;
        if (!denied && !limited) return;
        var path = context.Request.Path;
        var kind = limited ? "rate.limited" : path.StartsWithSegments("/account/setup") ? "setup.refused" : "access.denied";
        var user = context.User.Identity is { IsAuthenticated: true, Name: { } n } ? n : null;
        context.RequestServices.GetRequiredService<RefusalAudit>().Record(kind, user, context.Connection.RemoteIpAddress?.ToString(), $"{context.Request.Method} {path}");
    }

    /// <summary>
    /// Keys live beside the settings: in the data folder with SQLite, in the database with PostgreSQL, where every
    /// replica reads the same key ring.
    /// </summary>
    private sealed class KeyManagementOptionsSetup(SettingsDatabase database) : IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>
    {
        public void Configure(Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions options) =>
            options.XmlRepository = database.Provider == DatabaseProvider.PostgreSql
                ? new DatabaseXmlRepository(database)
                : new Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository(
                    new DirectoryInfo(Path.Combine(database.DataDirectory, "keys")), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
    }
}
