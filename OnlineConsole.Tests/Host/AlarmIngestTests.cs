using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Security;
using OnlineConsole.Security;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Host;

/// <summary>
/// Alarms posted over HTTP by Alertmanager, Grafana and scripts: they reach the alarm list, resolve, and every
/// refusal (token, malformed, oversized) is answered with its reason, counted on the source's collector entry and
/// audited or logged at a bounded rate.
/// </summary>
[Trait("Category", "Host")]
public sealed class AlarmIngestTests : IClassFixture<AlarmIngestTests.Fixture>
{
    private const string Token = "alertmanager-token-0123456789";
    private readonly ConsoleFactory _factory;

    public AlarmIngestTests(Fixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _factory = fixture.Factory;
    }

    public sealed class Fixture : IDisposable
    {
        private readonly string _tokenFile = Path.GetTempFileName();

        public Fixture()
        {
            File.WriteAllText(_tokenFile, "grafana-token-from-a-file-42\n");
            var settings = new Dictionary<string, string?> { ["Alarms:Sources:graf:TokenFile"] = _tokenFile };
            foreach (var name in new[] { "prom", "script", "guarded", "junk", "big", "mixed" }) settings[$"Alarms:Sources:{name}:Token"] = Token;
            Factory = new ConsoleFactory(settings);
        }

        public ConsoleFactory Factory { get; }

        public void Dispose()
        {
            Factory.Dispose();
            File.Delete(_tokenFile);
        }
    }

    private LiveStore Store => _factory.Services.GetRequiredService<LiveStore>();

    private CollectorHealthSnapshot Health(string source) => Store.Collectors.Snapshot().Single(c => c.Name == $"alarms/{source}");

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string body, string? token = Token)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Alertmanager(string status, params string[] alerts) =>
        $$"""{"receiver":"console","status":"{{status}}","alerts":[{{string.Join(",", alerts)}}],"groupLabels":{"alertname":"DiskFull"},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","version":"4","groupKey":"{}:{alertname=\"DiskFull\"}","truncatedAlerts":0}""";

    private static string Alert(string status, string host, string? fingerprint, string severity = "critical") =>
        $$"""{"status":"{{status}}","labels":{"alertname":"DiskFull","host":"{{host}}","severity":"{{severity}}"},"annotations":{"summary":"Disk full on {{host}}","description":"Less than 1 % left","runbook_url":"https://wiki.example/disk"},"startsAt":"2026-12-02T10:00:00.123Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom.example:9090/graph?g0.expr=disk","fingerprint":"{{fingerprint ?? ""}}"}""";

    [Fact]
    public async Task Alertmanager_alerts_become_alarms_and_a_resolved_notification_clears_them()
    {
        var (status, body) = await PostAsync("/api/alarms/alertmanager/prom", Alertmanager("firing", Alert("firing", "hd001", "a1b2c3d4e5f60718"), Alert("firing", "hd002", null, "info")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, JsonDocument.Parse(body).RootElement.GetProperty("accepted").GetInt32());

        var alarms = Store.Alarms.Snapshot().Alarms.Where(a => a.Key.StartsWith("am/prom/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, alarms.Count);
        var first = Assert.Single(alarms, a => a.Key == "am/prom/DiskFull/a1b2c3d4e5f60718");
        Assert.Equal(AlarmState.ActiveUnacknowledged, first.State);
        Assert.Equal(AlarmSeverity.Critical, first.Severity);
        Assert.Equal("alertmanager", first.Source);
        Assert.Equal("DiskFull", first.Rule);
        Assert.Equal("Disk full on hd001 — Less than 1 % left", first.Message);
        Assert.Equal("hd001", first.Labels["host"]);
        Assert.Equal("https://wiki.example/disk", first.Guidance);
        Assert.Contains(first.Links, l => l.Href == "http://prom.example:9090/graph?g0.expr=disk");
        // Without a fingerprint the key comes from the labels: the same alert posted again is the same alarm.
        var second = Assert.Single(alarms, a => a != first);
        Assert.Matches("^am/prom/DiskFull/[0-9a-f]{16}$", second.Key);
        Assert.Equal(AlarmSeverity.Warning, second.Severity);

        (status, _) = await PostAsync("/api/alarms/alertmanager/prom", Alertmanager("resolved", Alert("resolved", "hd001", "a1b2c3d4e5f60718"), Alert("resolved", "hd002", null, "info")));
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var key in new[] { first.Key, second.Key })
        {
            var cleared = Store.Alarms.Find(key);
            Assert.NotNull(cleared);
            Assert.False(cleared.Active);
            // External alerts latch by default: cleared, waiting for an acknowledgement.
            Assert.Equal(AlarmState.ReturnedUnacknowledged, cleared.State);
        }
        var health = Health("prom");
        Assert.Equal(CollectorState.Running, health.State);
        Assert.Equal(4, health.Received);
        Assert.NotNull(health.LastSuccess);
    }

    [Fact]
    public async Task Grafana_alerts_keep_their_dashboard_links_and_the_token_can_come_from_a_file()
    {
        const string Body = """
            {"receiver":"console","status":"firing","orgId":1,"alerts":[{"status":"firing","labels":{"alertname":"High memory","team":"daq","severity":"major"},
            "annotations":{"summary":"Memory above 90 %","guidance":"Restart the event builder"},"startsAt":"2026-12-02T09:51:03.157076+02:00","endsAt":"0001-01-01T00:00:00Z",
            "generatorURL":"https://grafana.example/alerting/1afz/edit","fingerprint":"c6eadffa33fcdf37","silenceURL":"https://grafana.example/alerting/silence/new",
            "dashboardURL":"https://grafana.example/d/abc","panelURL":"javascript:alert(1)","values":{"B":44.2,"C":1}}],
            "groupLabels":{},"commonLabels":{"team":"daq"},"commonAnnotations":{},"externalURL":"https://grafana.example/","version":"1","groupKey":"{}","truncatedAlerts":0,
            "title":"[FIRING:1] High memory","state":"alerting","message":"..."}
            """;
        var (status, body) = await PostAsync("/api/alarms/grafana/graf", Body, "grafana-token-from-a-file-42");
        Assert.True(status == HttpStatusCode.OK, body);
        var alarm = Store.Alarms.Find("grafana/graf/High memory/c6eadffa33fcdf37");
        Assert.NotNull(alarm);
        Assert.Equal(("grafana", AlarmSeverity.Major, "Restart the event builder"), (alarm.Source, alarm.Severity, alarm.Guidance));
        Assert.Equal("daq", alarm.Labels["team"]);
        Assert.Contains(alarm.Links, l => l.Title == "Dashboard" && l.Href == "https://grafana.example/d/abc");
        // A link a browser would run is never kept.
        Assert.DoesNotContain(alarm.Links, l => l.Href.StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Scripts_post_one_signal_or_an_array_in_the_plain_format()
    {
        var (status, body) = await PostAsync("/api/alarms/ingest/script",
            """{"key":"hv/crate7","active":true,"severity":"major","message":"HV crate 7 tripped","labels":{"crate":"7"},"links":[{"title":"HV","href":"/services"}]}""");
        Assert.True(status == HttpStatusCode.OK, body);
        var alarm = Store.Alarms.Find("ingest/script/hv/crate7");
        Assert.NotNull(alarm);
        Assert.Equal(("ingest", AlarmSeverity.Major, "7", "/services"), (alarm.Source, alarm.Severity, alarm.Labels["crate"], alarm.Links[0].Href));

        (status, body) = await PostAsync("/api/alarms/ingest/script",
            """[{"key":"hv/crate7","active":false,"severity":"major","message":"HV crate 7 back"},{"key":"ups/2","active":true,"severity":"warning","message":"UPS on battery","at":"2026-12-02T20:00:00Z"}]""");
        Assert.True(status == HttpStatusCode.OK, body);
        Assert.False(Store.Alarms.Find("ingest/script/hv/crate7")!.Active);
        Assert.True(Store.Alarms.Find("ingest/script/ups/2")!.Active);
    }

    [Fact]
    public async Task A_missing_or_wrong_token_is_refused_audited_and_counted_and_never_logged()
    {
        var alert = Alertmanager("firing", Alert("firing", "hd009", "0000000000000009"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/api/alarms/alertmanager/guarded", alert, token: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/api/alarms/alertmanager/guarded", alert, token: "wrong-token-but-long-enough")).Status);
        // Another source's token does not open this one.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/api/alarms/alertmanager/guarded", alert, token: "grafana-token-from-a-file-42")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/api/alarms/alertmanager/nosuchsource", alert)).Status);
        Assert.Null(Store.Alarms.Find("am/guarded/DiskFull/0000000000000009"));
        Assert.Equal(3, Health("guarded").MalformedBy["unauthorized"]);

        await _factory.Services.GetRequiredService<RefusalAudit>().FlushAsync();
        var audit = _factory.Services.GetRequiredService<IAuditLog>();
        await Poll.UntilAsync(async () => (await audit.QueryAsync(new AuditQuery(User: "alarm-source:guarded", ActionPrefix: "alarms.unauthorized"))).Count == 2,
            TimeSpan.FromSeconds(5), "the first refusal as a row and the two others counted in one row");
        Assert.DoesNotContain(_factory.Logs.Entries, e => e.Message.Contains(Token, StringComparison.Ordinal) || e.Message.Contains("grafana-token-from-a-file", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/api/alarms/alertmanager/guarded", alert)).Status);
        Assert.NotNull(Store.Alarms.Find("am/guarded/DiskFull/0000000000000009"));
    }

    [Theory]
    [InlineData("{\"alerts\": [", "not JSON", "not-json")]
    [InlineData("[1, 2]", "'alerts' array", "shape")]
    [InlineData("{\"version\":\"4\",\"alerts\":{}}", "'alerts' is missing or not an array", "shape")]
    [InlineData("{\"version\":\"3\",\"alerts\":[]}", "version '3' is not supported", "shape")]
    [InlineData("{\"version\":\"4\",\"alerts\":[{\"status\":\"pending\",\"labels\":{\"alertname\":\"X\"}}]}", "alerts[0].status must be 'firing' or 'resolved'", "invalid-alert")]
    [InlineData("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"job\":\"x\"}}]}", "alerts[0].labels has no alertname", "invalid-alert")]
    public async Task A_malformed_body_is_refused_with_its_reason_and_counted(string body, string reason, string counted)
    {
        var before = Health("junk").MalformedBy.GetValueOrDefault(counted);
        var (status, answer) = await PostAsync("/api/alarms/alertmanager/junk", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, JsonDocument.Parse(answer).RootElement.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before + 1, Health("junk").MalformedBy[counted]);
    }

    [Fact]
    public async Task One_invalid_alert_refuses_the_whole_body_and_refusals_are_logged_once_a_minute()
    {
        var tooLong = new string('x', AlarmSignal.MaxKeyLength);
        var body = Alertmanager("firing", Alert("firing", "hd010", "0000000000000010"), Alert("firing", "hd011", tooLong));
        for (var i = 0; i < 5; i++)
        {
            var (status, answer) = await PostAsync("/api/alarms/alertmanager/mixed", body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("alerts[1]: the key is longer than", answer, StringComparison.Ordinal);
        }
        // Nothing of a refused body is taken, not even its valid first alert.
        Assert.Null(Store.Alarms.Find("am/mixed/DiskFull/0000000000000010"));
        Assert.Equal(5, Health("mixed").Malformed);
        var lines = _factory.Logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("Alarm source mixed:", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains("alerts[1]: the key is longer than", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_one_megabyte_is_refused_with_or_without_a_length()
    {
        var alert = Alert("firing", "hd012", "0000000000000012");
        var body = Alertmanager("firing", [.. Enumerable.Repeat(alert, (1024 * 1024 / alert.Length) + 1)]);
        Assert.True(Encoding.UTF8.GetByteCount(body) > 1024 * 1024);
        var (status, answer) = await PostAsync("/api/alarms/alertmanager/big", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("larger than 1048576 bytes", answer, StringComparison.Ordinal);

        using var client = _factory.CreateClient();
        using var streamed = new HttpRequestMessage(HttpMethod.Post, "/api/alarms/alertmanager/big") { Content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(body))) };
        streamed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await client.SendAsync(streamed);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(2, Health("big").MalformedBy["too-large"]);
        Assert.Null(Store.Alarms.Find("am/big/DiskFull/0000000000000012"));

        // Just under the limit is taken.
        var fits = Alertmanager("firing", [.. Enumerable.Repeat(alert, (1000 * 1000 / alert.Length) - 1)]);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/api/alarms/alertmanager/big", fits)).Status);
        Assert.NotNull(Store.Alarms.Find("am/big/DiskFull/0000000000000012"));
    }

    /// <summary>A body sent without Content-Length (chunked), so only reading can tell its size.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
