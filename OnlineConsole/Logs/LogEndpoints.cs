using System.Text;
using OnlineConsole.Components.Logs;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Logs;
using OnlineConsole.Security;

namespace OnlineConsole.Logs;

/// <summary>The log viewer's CSV export of the filtered lines, for any signed-in user (RFC 4180, UTF-8, CRLF).</summary>
public static class LogEndpoints
{
    public static IEndpointRouteBuilder MapLogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(LogExport.CsvPath, (HttpContext http, ILiveView store) =>
        {
            LogMatcher matcher;
            try
            {
                matcher = LogExport.ParseQuery(k => http.Request.Query[k].FirstOrDefault()).Compile();
            }
            catch (FormatException ex)
            {
                return Results.BadRequest(ex.Message);
            }
            var csv = new StringBuilder();
            csv.AppendJoin(',', LogExport.CsvHeader).Append("\r\n");
            var lines = 0;
            foreach (var e in store.Logs.Since(0).Entries)
            {
                if (!matcher.Matches(e)) continue;
                csv.AppendJoin(',', LogExport.CsvRow(e).Select(AdminEndpoints.Field)).Append("\r\n");
                lines++;
            }
            http.Response.Headers["X-Log-Lines"] = lines.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"logs-{store.Time.GetUtcNow():yyyyMMdd-HHmmss}.csv");
        }).RequireAuthorization();
        return app;
    }
}
