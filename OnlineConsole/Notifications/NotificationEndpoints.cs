using System.Text;
using OnlineConsole.Core.Security;
using OnlineConsole.Security;

namespace OnlineConsole.Notifications;

public static class NotificationEndpoints
{
    /// <summary>GET /settings/notifications.yaml: the configuration as code, for experts and admins (it names people on the roster), audited.</summary>
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/settings/notifications.yaml", ExportAsync).RequireAuthorization(p => p.RequireRole(nameof(OperatorRole.Expert), nameof(OperatorRole.Admin)));
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext http, NotificationSettings settings, IAuditLog audit, TimeProvider time)
    {
        var c = settings.Current;
        var yaml = NotificationActions.ExportYaml(c);
        var who = Principals.Identity(http.User, http.Connection.RemoteIpAddress?.ToString());
        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), who.Name, who.RemoteAddress, "notifications.export", $"version {c.Version}", null, null, null, "ok"));
        return Results.File(Encoding.UTF8.GetBytes(yaml), "application/yaml; charset=utf-8", $"onlineconsole-notifications-v{c.Version}.yaml");
    }
}
