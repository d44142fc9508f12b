using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using OnlineConsole.Core.Security;
using OnlineConsole.Data;
using OnlineConsole.Hosting;

namespace OnlineConsole.Security;

/// <summary>Sign in, sign out and first-run setup: plain form posts with antiforgery, every outcome audited.</summary>
public static class AccountEndpoints
{
    public const string LoginRateLimit = "login";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").AllowAnonymous();
        account.MapPost("/login", LoginAsync).RequireRateLimiting(LoginRateLimit);
        account.MapPost("/setup", SetupAsync).RequireRateLimiting(LoginRateLimit);
        // No form fields, so minimal APIs would not check the token by themselves: a cross-site post must not sign anyone out.
        app.MapPost("/account/logout", LogoutAsync).RequireAuthorization().WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute());
        return app;
    }

    private static async Task<IResult> LoginAsync([FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, UserStore users, IAuditLog audit, TimeProvider time)
    {
        var name = (username ?? "").Trim();
        var address = http.Connection.RemoteIpAddress?.ToString();
        var result = name.Length == 0 || string.IsNullOrEmpty(password) ? LoginResult.Invalid : users.Verify(name, password);
        var auditName = name.Length == 0 ? "(empty)" : name[..Math.Min(name.Length, 64)];
        if (result != LoginResult.Ok)
        {
            await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), auditName, address, "login.failed", "session", null, null, null, result.ToString().ToLowerInvariant()));
            // A lockout is said like a wrong password: only existing accounts lock, so saying it would tell which exist.
            // Disabled is said only to someone who gave the right password.
            var error = result == LoginResult.Disabled ? "disabled" : "invalid";
            return Results.LocalRedirect($"/login?error={error}&returnUrl={Uri.EscapeDataString(SafeReturn(returnUrl))}");
        }
        var user = users.Find(name)!;
        var session = users.StartSession(user.Name);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            Principals.Create(user.Name, user.Role, address, CookieAuthenticationDefaults.AuthenticationScheme, session, user.Stamp));
        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), user.Name, address, "login", "session", null, null, null, "ok"));
        return Results.LocalRedirect(SafeReturn(returnUrl));
    }

    /// <summary>Ends the session itself, not only this browser's cookie: every tab's open page leaves with it.</summary>
    private static async Task<IResult> LogoutAsync(HttpContext http, UserStore users, IAuditLog audit, TimeProvider time)
    {
        // The antiforgery middleware only records its verdict; form binding would act on it, and this has no form.
        if (http.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is not { IsValid: true })
            return Results.BadRequest();
        var who = Principals.Identity(http.User, http.Connection.RemoteIpAddress?.ToString());
        if (http.User.FindFirst(Principals.SessionClaim)?.Value is { } session) users.EndSession(session);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), who.Name, who.RemoteAddress, "logout", "session", null, null, null, "ok"));
        return Results.LocalRedirect("/login");
    }

    /// <summary>First run: the first admin may be created from the machine itself, and only while there is no user.</summary>
    private static async Task<IResult> SetupAsync([FromForm] string? username, [FromForm] string? password, HttpContext http, UserStore users, IAuditLog audit, TimeProvider time)
    {
        if (!SetupAllowed(http, users)) return Results.StatusCode(StatusCodes.Status403Forbidden);
        var name = (username ?? "").Trim();
        try
        {
            users.Add(name, OperatorRole.Admin, password ?? "");
        }
        catch (ArgumentException ex)
        {
            return Results.LocalRedirect("/setup?error=" + Uri.EscapeDataString(ex.Message));
        }
        var address = http.Connection.RemoteIpAddress?.ToString();
        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), name, address, "user.add", name, "first-run setup", null, "role=Admin", "ok"));
        return Results.LocalRedirect("/login");
    }

    public static bool SetupAllowed(HttpContext http, UserStore users)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(users);
        return http.Connection.RemoteIpAddress is { } a && IPAddress.IsLoopback(a) && users.Count() == 0;
    }

    // Local paths only, and never back to the login page itself.
    public static string SafeReturn(string? returnUrl) =>
        LocalUrl.OrRoot(returnUrl) is var url && !url.StartsWith("/login", StringComparison.OrdinalIgnoreCase) ? url : "/";
}
