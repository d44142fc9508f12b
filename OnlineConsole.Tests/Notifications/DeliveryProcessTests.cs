using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Notifications;

/// <summary>
/// Delivery as it runs for real: the console as its own process, alarms posted the way Alertmanager posts them, a
/// webhook receiver on 127.0.0.1. Killed with SIGKILL in the middle of delivering, and two processes on one PostgreSQL.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeliveryProcessTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string Token = "alertmanager-token-0123456789";
    private readonly ReceiverSink _sink = new();
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];
    private readonly DateTimeOffset _startsAt = DateTimeOffset.UtcNow.AddMinutes(-1);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    /// <summary>A console with no simulator: only the posted alerts alarm, each host its own group, one message each.</summary>
    private string[] Args(params string[] more) =>
    [
        "--Simulator:Enabled=false",
        "--Alarms:NotifyHold=00:00:00",
        $"--Alarms:Sources:prom:Token={Token}",
        .. _sink.WebhookArgs(),
        .. more,
    ];

    private string Host(int i) => $"t{_run}-{i:D3}";

    private async Task PostAlertsAsync(AppProcess app, int count)
    {
        // Alertmanager sends each alert's own start time, the same to every receiver.
        var startsAt = _startsAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var alerts = string.Join(",", Enumerable.Range(0, count).Select(i =>
            $$"""{"status":"firing","labels":{"alertname":"DiskFull","host":"{{Host(i)}}","severity":"critical"},"annotations":{"summary":"Disk full on {{Host(i)}}"},"startsAt":"{{startsAt}}","endsAt":"0001-01-01T00:00:00Z","fingerprint":"{{_run}}{{i:D10}}"}"""));
        var body = $$"""{"receiver":"console","status":"firing","alerts":[{{alerts}}],"groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","version":"4","groupKey":"{}","truncatedAlerts":0}""";
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(app.BaseUri, "api/alarms/alertmanager/prom")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The posts of this test: (idempotency key, host) per webhook call.</summary>
    private List<(string Key, string Host)> Received() =>
        [.. _sink.Hooks.Select(h => (h.GetProperty("idempotencyKey").GetString()!, h.GetProperty("alerts")[0].GetProperty("labels").GetProperty("host").GetString()!))
            .Where(r => r.Item2.StartsWith("t" + _run, StringComparison.Ordinal))];

    private static async Task WaitAsync(Func<bool> done, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what());
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Killed_with_sigkill_while_delivering_the_rest_goes_out_after_restart_and_a_repeat_carries_the_same_key()
    {
        const int Count = 40;
        _sink.HookDelay = TimeSpan.FromMilliseconds(250);
        await using var app = new AppProcess(Args());
        await app.StartAsync();
        await PostAlertsAsync(app, Count);
        await WaitAsync(() => Received().Count >= 8, TimeSpan.FromSeconds(30), () => $"only {Received().Count} delivered before the kill:\n{app.Output}");
        await app.StopAsync(kill: true);
        var beforeKill = Received();
        Assert.InRange(beforeKill.Select(r => r.Host).Distinct().Count(), 8, Count - 1); // killed in the middle, not after

        _sink.HookDelay = TimeSpan.Zero;
        await using var again = new AppProcess(Args(), port: app.Port, dataDirectory: app.DataDirectory);
        await again.StartAsync();
        await WaitAsync(() => Received().Select(r => r.Host).Distinct().Count() == Count, TimeSpan.FromSeconds(45),
            () => $"{Received().Select(r => r.Host).Distinct().Count()} of {Count} hosts delivered after the restart:\n{again.Output}");
        await Task.Delay(TimeSpan.FromSeconds(6)); // past the lease: nothing more may come

        var all = Received();
        // Nothing lost; a host sent twice only with the same key (the message in flight at the kill), so receivers drop it.
        Assert.Equal(Count, all.Select(r => r.Host).Distinct().Count());
        Assert.Equal(Count, all.Select(r => r.Key).Distinct().Count());
        Assert.All(all.GroupBy(r => r.Host), g => Assert.Single(g.Select(r => r.Key).Distinct()));
        Assert.InRange(all.Count - Count, 0, 2);
    }

    [Fact]
    public async Task Two_console_processes_on_one_postgresql_given_the_same_alerts_send_each_message_once()
    {
        const int Count = 30;
        string[] pg = ["--Data:Provider=PostgreSql", $"--Data:ConnectionString={postgres.ConnectionString}"];
        await using var a = new AppProcess(Args(pg));
        await a.StartAsync();
        await using var b = new AppProcess(Args(pg));
        await b.StartAsync();
        // Alertmanager posts every alert to both consoles (the usual HA receiver list): both decide the same messages.
        await Task.WhenAll(PostAlertsAsync(a, Count), PostAlertsAsync(b, Count));
        await WaitAsync(() => Received().Select(r => r.Host).Distinct().Count() == Count, TimeSpan.FromSeconds(45),
            () => $"{Received().Count} of {Count} delivered:\n{a.Output}\n{b.Output}");
        await Task.Delay(TimeSpan.FromSeconds(6));

        var all = Received();
        Assert.True(all.Count == Count, $"{all.Count} posts for {Count} messages; first: " + string.Join(", ", all.OrderBy(r => r.Host).Take(4).Select(r => r.Host + " " + r.Key)));
        Assert.Equal(Count, all.Select(r => r.Key).Distinct().Count());
    }
}
