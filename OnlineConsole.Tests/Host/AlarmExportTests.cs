using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Host;

/// <summary>The CSV exports of alarm KPIs and events: signed-in users only, RFC 4180 quoting, UTF-8.</summary>
[Trait("Category", "Host")]
public sealed class AlarmExportTests : IDisposable
{
    private readonly ConsoleFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private AlarmArea Alarms => _factory.Services.GetRequiredService<LiveStore>().Alarms;

    private static AlarmSignal Signal(string key, string message, AlarmSeverity severity = AlarmSeverity.Major) =>
        new(key, true, severity, message) { Source = "ingest", Labels = new Dictionary<string, string> { ["area"] = "dcs" } };

    [Fact]
    public async Task Events_export_quotes_commas_quotes_line_breaks_and_formulas_and_keeps_Chinese_text()
    {
        _factory.AddUser("wall", OperatorRole.Display);
        using var anonymous = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var refused = await anonymous.GetAsync("/api/alarms/events.csv");
        Assert.True(refused.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect, refused.StatusCode.ToString());

        const string tricky = "HV \"crate 3\", slot 7\r\nsecond line: 高压跳闸";
        Alarms.Submit([Signal("test:hv,3", tricky), Signal("test:formula", "=HYPERLINK(\"x\")", AlarmSeverity.Minor)]);
        using var display = await _factory.SignedInClientAsync("wall");
        using var response = await display.GetAsync("/api/alarms/events.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.StartsWith("id,at_utc,at_site,key,kind,severity,message,activation,run_number,run_state,user,comment\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\"test:hv,3\",Activated,Major,\"HV \"\"crate 3\"\", slot 7\r\nsecond line: 高压跳闸\",", text, StringComparison.Ordinal);

        var rows = Rfc4180.Parse(text);
        Assert.All(rows, r => Assert.Equal(12, r.Count));
        var hv = Assert.Single(rows, r => r[3] == "test:hv,3");
        Assert.Equal(tricky, hv[6]);
        Assert.Equal("'=HYPERLINK(\"x\")", Assert.Single(rows, r => r[3] == "test:formula")[6]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", hv[1]);

        // One key only.
        using var one = await display.GetAsync("/api/alarms/events.csv?key=" + Uri.EscapeDataString("test:formula"));
        var oneRows = Rfc4180.Parse(await one.Content.ReadAsStringAsync());
        Assert.Equal(2, oneRows.Count);
        Assert.Equal("test:formula", oneRows[1][3]);
    }

    [Fact]
    public async Task Kpi_export_has_each_table_and_counts_a_flood()
    {
        _factory.AddUser("wall", OperatorRole.Display);
        using var display = await _factory.SignedInClientAsync("wall");
        for (var i = 0; i < 12; i++) Alarms.Submit([Signal($"flood:{i:00}", $"pump {i} tripped")]);

        var summary = Rfc4180.Parse(await display.GetStringAsync("/api/alarms/kpi.csv"));
        Assert.Equal(["figure", "value"], summary[0]);
        var figures = summary.Skip(1).ToDictionary(r => r[0], r => r[1]);
        Assert.True(int.Parse(figures["activations"], System.Globalization.CultureInfo.InvariantCulture) >= 12);
        Assert.True(int.Parse(figures["floods"], System.Globalization.CultureInfo.InvariantCulture) >= 1);

        var floods = Rfc4180.Parse(await display.GetStringAsync("/api/alarms/kpi.csv?table=floods"));
        Assert.Equal(["start_utc", "end_utc", "duration_s", "activations", "peak_10_minutes", "most_frequent_key"], floods[0]);
        Assert.True(floods.Count >= 2);
        var top = Rfc4180.Parse(await display.GetStringAsync("/api/alarms/kpi.csv?table=top"));
        Assert.Contains(top, r => r[0].StartsWith("flood:", StringComparison.Ordinal) && r[4].StartsWith("pump", StringComparison.Ordinal));
        var hours = Rfc4180.Parse(await display.GetStringAsync("/api/alarms/kpi.csv?table=hours"));
        Assert.InRange(hours.Count - 1, 24, 25);
        var shifts = Rfc4180.Parse(await display.GetStringAsync("/api/alarms/kpi.csv?table=shifts"));
        Assert.InRange(shifts.Count - 1, 3, 5);
        Assert.Contains(shifts.Skip(1), r => r[1] == "16:00-24:00");
        foreach (var t in new[] { "tenminutes", "chattering", "stale" })
        {
            using var r = await display.GetAsync("/api/alarms/kpi.csv?table=" + t);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
        using var unknown = await display.GetAsync("/api/alarms/kpi.csv?table=nope");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    /// <summary>A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes.</summary>
    private static class Rfc4180
    {
        public static List<List<string>> Parse(string text)
        {
            var rows = new List<List<string>>();
            var row = new List<string>();
            var field = new StringBuilder();
            var i = 0;
            while (i < text.Length)
            {
                if (field.Length == 0 && text[i] == '"')
                {
                    i++;
                    while (true)
                    {
                        if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; }
                        else if (text[i] == '"') { i++; break; }
                        else field.Append(text[i++]);
                    }
                }
                if (i < text.Length && text[i] == ',') { row.Add(field.ToString()); field.Clear(); i++; }
                else if (i + 1 < text.Length && text[i] == '\r' && text[i + 1] == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; i += 2; }
                else if (i < text.Length)
                {
                    Assert.NotEqual('\n', text[i]);
                    Assert.NotEqual('"', text[i]);
                    field.Append(text[i++]);
                }
            }
            Assert.Empty(row);
            return rows;
        }
    }
}
