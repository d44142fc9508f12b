using System.Globalization;
using System.Text;
using OnlineConsole.Core.Security;

namespace OnlineConsole.Security;

public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/audit.csv", ExportAuditAsync).RequireAuthorization(p => p.RequireRole(nameof(OperatorRole.Admin)));
        return app;
    }

    /// <summary>The audit trail as CSV, with the same filters as the page. Secrets never enter the trail.</summary>
    private static async Task<IResult> ExportAuditAsync(string? user, string? action, DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IAuditLog audit, TimeProvider time)
    {
        var entries = await audit.QueryAsync(new AuditQuery(from, to, user, action, Limit: 100_000));
        var who = Principals.Identity(http.User, http.Connection.RemoteIpAddress?.ToString());
        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), who.Name, who.RemoteAddress, "audit.export", "audit", null, null, $"{entries.Count} rows", "ok"));
        var csv = new StringBuilder("at_utc,user,remote_address,action,target,reason,before,after,outcome\n");
        foreach (var e in entries)
        {
            csv.AppendJoin(',', new[] { e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), e.User, e.RemoteAddress, e.Action, e.Target, e.Reason, e.Before, e.After, e.Outcome }.Select(Field));
            csv.Append('\n');
        }
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"audit-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv");
    }

    // RFC 4180 quoting, and a leading ' for cells a spreadsheet would run as a formula.
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
