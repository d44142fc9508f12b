using System.Globalization;
using System.Text;
using OnlineConsole.Core.AlarmReports;
using OnlineConsole.Security;

namespace OnlineConsole.AlarmReports;

/// <summary>CSV exports of the alarm KPIs and of the alarm events, for any signed-in user (RFC 4180, UTF-8, CRLF).</summary>
public static class AlarmReportEndpoints
{
    public const string KpiPath = "/api/alarms/kpi.csv";
    public const string EventsPath = "/api/alarms/events.csv";

    /// <summary>The KPI tables, each its own CSV (one table per file keeps every file plain RFC 4180).</summary>
    public static readonly string[] Tables = ["summary", "hours", "tenminutes", "floods", "top", "chattering", "stale", "shifts"];

    public static IEndpointRouteBuilder MapAlarmReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(KpiPath, (string? table, AlarmKpiSource source, TimeProvider time) =>
        {
            var name = string.IsNullOrEmpty(table) ? "summary" : table;
            if (!Tables.Contains(name)) return Results.BadRequest($"unknown table '{name}'; one of: {string.Join(", ", Tables)}");
            return Csv(KpiTable(name, source.Report(), source), $"alarm-kpi-{name}-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv");
        }).RequireAuthorization();
        app.MapGet(EventsPath, (DateTimeOffset? since, string? key, AlarmKpiSource source, TimeProvider time) =>
        {
            var rows = new List<string?[]> { new[] { "id", "at_utc", "at_site", "key", "kind", "severity", "message", "activation", "run_number", "run_state", "user", "comment" } };
            rows.AddRange(source.Events(since, key).Select(e => new[]
            {
                N(e.Id), Utc(e.At), source.SiteTime(e.At), e.Key, e.Kind.ToString(), e.Severity.ToString(), e.Message, N(e.Activation),
                e.RunNumber is { } r ? N(r) : null, e.RunState?.ToString(), e.User, e.Comment,
            }));
            return Csv(rows, $"alarm-events-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv");
        }).RequireAuthorization();
        return app;
    }

    public static List<string?[]> KpiTable(string table, AlarmKpiReport r, AlarmKpiSource source)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(source);
        List<string?[]> rows = table switch
        {
            "summary" =>
            [
                ["figure", "value"],
                ["from_utc", Utc(r.From)], ["to_utc", Utc(r.To)], ["activations", N(r.Activations)],
                ["per_hour", D(r.PerHour)], ["per_10_minutes", D(r.Per10Minutes)], ["peak_hour", N(r.PeakHour)], ["peak_10_minutes", N(r.Peak10Minutes)],
                ["percent_10_minutes_in_flood", D(r.PercentTenMinutesInFlood)], ["percent_time_in_flood", D(r.PercentTimeInFlood)], ["floods", N(r.Floods.Count)],
                ["top_10_share_percent", D(r.TopKeysShare)], ["chattering", N(r.Chattering.Count)], ["stale", N(r.Stale.Count)],
                .. r.BySeverity.OrderByDescending(s => s.Key).Select(s => new[] { "activations_" + s.Key.ToString().ToLowerInvariant(), N(s.Value) }),
            ],
            "hours" or "tenminutes" =>
            [
                ["start_utc", "start_site", "end_utc", "activations"],
                .. (table == "hours" ? r.Hours : r.TenMinutes).Select(b => new[] { Utc(b.Start), source.SiteTime(b.Start), Utc(b.End), N(b.Activations) }),
            ],
            "floods" =>
            [
                ["start_utc", "end_utc", "duration_s", "activations", "peak_10_minutes", "most_frequent_key"],
                .. r.Floods.Select(f => new[] { Utc(f.Start), Utc(f.End), D((f.End - f.Start).TotalSeconds), N(f.Activations), N(f.Peak), f.TopKey }),
            ],
            "top" =>
            [
                ["key", "activations", "share_percent", "severity", "message"],
                .. r.TopKeys.Select(k => new[] { k.Key, N(k.Activations), D(k.Share), k.Severity.ToString(), k.Message }),
            ],
            "chattering" =>
            [
                ["key", "activations", "most_in_chatter_window", "chattering_now", "severity", "message"],
                .. r.Chattering.Select(c => new[] { c.Key, N(c.Activations), N(c.MostInChatterWindow), c.ChatteringNow ? "yes" : "no", c.Severity.ToString(), c.Message }),
            ],
            "stale" =>
            [
                ["key", "active_since_utc", "hours_active", "severity", "state", "message"],
                .. r.Stale.Select(a => new[] { a.Key, Utc(a.ActiveSince), D((r.To - a.ActiveSince).TotalHours), a.Severity.ToString(), a.State.ToString(), a.Message }),
            ],
            _ =>
            [
                ["shift", "hours", "start_utc", "end_utc", "partial", "activations", "acknowledgements", "per_hour", "peak_10_minutes", "floods"],
                .. r.Shifts.Select(s => new[]
                {
                    source.ShiftLabel(s), source.ShiftHours(s), Utc(s.Start), Utc(s.End), s.Partial ? "yes" : "no", N(s.Activations), N(s.Acknowledgements),
                    D(s.PerHour), N(s.Peak10Minutes), N(s.Floods),
                }),
            ],
        };
        return rows;
    }

    private static IResult Csv(List<string?[]> rows, string fileName)
    {
        var csv = new StringBuilder();
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(AdminEndpoints.Field));
            csv.Append("\r\n");
        }
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", fileName);
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string D(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);
}
