using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using OnlineConsole.Collectors.Redis;
using OnlineConsole.Collectors.Simulation;
using OnlineConsole.Tests.Notifications;
using OnlineConsole.Tests.Support;
using Xunit.Abstractions;

namespace OnlineConsole.Tests.Integration.HighAvailability;

/// <summary>
/// Two console processes on one real PostgreSQL and Redis behind the project's nginx gateway over real TLS, the run
/// controller writing into Redis, a webhook receiver counting notifications, and ten signed-in browser pages. The
/// replica holding the lease is killed with SIGKILL.
/// </summary>
[Trait("Category", "Integration")]
[Collection(nameof(HighAvailabilityTests))]
public sealed partial class HighAvailabilityTests(PostgresServer postgres, BrowserFixture browser, ITestOutputHelper output)
    : IClassFixture<PostgresServer>, IClassFixture<BrowserFixture>
{
    private const string AlertToken = "alertmanager-token-0123456789";
    private const int Pages = 10;
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];
    private readonly DateTimeOffset _startsAt = DateTimeOffset.UtcNow.AddMinutes(-1);

    private string[] Args(string replica, int httpsPort, RedisServer redis, ReceiverSink sink) =>
    [
        "--SiteConfig", Path.Combine(TestStores.RepoRoot(), "appsettings/small-lab/site.json"),
        "--Simulator:Enabled=false",
        "--Redis:Endpoints:0=" + redis.Endpoint, "--Redis:ReconnectMaxDelay=00:00:01",
        "--Data:Provider=PostgreSql", // the connection string comes from the secrets folder
        "--Ha:Enabled=true", "--Ha:Replica=" + replica, "--Ha:Bus:Endpoints:0=" + redis.Endpoint,
        "--Gateway:Proxies:0=127.0.0.1",
        "--Security:Hsts=true", "--Security:HttpsRedirect=true", "--Security:HttpsPort=" + httpsPort.ToString(CultureInfo.InvariantCulture),
        "--Alarms:NotifyHold=00:00:00",
        $"--Alarms:Sources:prom:Token={AlertToken}",
        .. sink.WebhookArgs(),
    ];

    [Fact]
    public async Task Behind_the_tls_gateway_the_holder_killed_hands_over_within_10_s_pages_come_back_signed_in_and_every_notification_goes_out_once()
    {
        await using var redis = await RedisServer.StartAsync();
        var writer = await RedisRunWriter.StartControllerAsync(redis);
        await using var sink = new ReceiverSink();
        int portA = AppProcess.FreeTcpPort(), portB = AppProcess.FreeTcpPort();
        await using var gateway = await GatewayServer.StartAsync(portA, portB);
        // The connection string is a secret: a file in the secrets folder, not an argument or an environment value.
        var secrets = Directory.CreateTempSubdirectory("oc-secrets-").FullName;
        await File.WriteAllTextAsync(Path.Combine(secrets, "Data__ConnectionString"), postgres.ConnectionString + "\n");
        var env = new Dictionary<string, string> { ["ONLINECONSOLE_SECRETS"] = secrets };
        await using var a = new AppProcess(Args("console-a", gateway.TlsPort, redis, sink), env, portA);
        await using var b = new AppProcess(Args("console-b", gateway.TlsPort, redis, sink), env, portB);
        var contexts = new List<IBrowserContext>();
        try
        {
            await a.AddUserAsync(AppProcess.AdminName, "admin");
            await a.StartAsync();
            await Poll.UntilAsync(async () => (await LeaseAsync()).Holder == "console-a", TimeSpan.FromSeconds(10), "console-a never took the lease");
            await b.StartAsync();

            await TlsGatewayAsync(gateway);

            // Ten browsers signed in through the gateway; the gateway spreads them by session.
            var pages = new List<(IPage Page, string Replica)>();
            while (pages.Count < Pages || (pages.All(p => p.Replica != "console-a") && pages.Count < 2 * Pages))
            {
                var context = await browser.Browser.NewContextAsync(new() { BaseURL = gateway.TlsUri.ToString(), IgnoreHTTPSErrors = true, ViewportSize = new() { Width = 1400, Height = 900 } });
                contexts.Add(context);
                var page = await context.NewPageAsync();
                await BrowserFixture.SignInAsync(page);
                pages.Add((page, await ReplicaOfAsync(page)));
            }
            var onA = pages.Count(p => p.Replica == "console-a");
            output.WriteLine($"{pages.Count} pages: {onA} on console-a, {pages.Count - onA} on console-b");
            Assert.Contains(pages, p => p.Replica == "console-a");
            var cookie = (await contexts[0].CookiesAsync()).Single(c => c.Name == "oc-session");
            Assert.True(cookie.Secure, "the session cookie over TLS must be Secure");
            Assert.True(cookie.HttpOnly);
            foreach (var (page, _) in pages)
                await Assertions.Expect(page.Locator("[data-testid=data-freshness] .fresh-badge.fresh")).ToBeVisibleAsync(new() { Timeout = 15_000 });

            // An acknowledgement made on the replica without the lease shows on the holder's pages within 1 s.
            var follower = pages.FirstOrDefault(p => p.Replica == "console-b").Page ?? await OpenOnAsync("console-b", gateway, contexts);
            var holderPage = pages.First(p => p.Replica == "console-a").Page;
            await PostAlertsAsync(gateway, ["ack"]);
            var key = $"am/prom/DiskFull/{_run}ack";
            var box = $"[data-testid=select][data-key='{key}']";
            await follower.GotoAsync("/alarms");
            await holderPage.GotoAsync("/alarms");
            await Assertions.Expect(follower.Locator(box)).ToBeVisibleAsync(new() { Timeout = 10_000 });
            var holderState = holderPage.Locator("tr", new() { Has = holderPage.Locator(box) }).Locator("[data-testid=alarm-state]");
            await Assertions.Expect(holderState).ToHaveTextAsync("Active, unacknowledged", new() { Timeout = 10_000 });
            await follower.Locator(box).CheckAsync();
            await follower.Locator("[data-testid=ack-comment]").FillAsync("seen on the other replica");
            // The holder's page notes the moment its row says acknowledged (Playwright's own polling is too coarse to time it).
            await holderPage.EvaluateAsync("""
                sel => {
                  window.__ackSeen = 0;
                  const check = () => { const el = document.querySelector(sel); if (!window.__ackSeen && el && el.textContent.trim() === 'Active, acknowledged') window.__ackSeen = Date.now(); };
                  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
                }
                """, $"tr:has([data-key='{key}']) [data-testid=alarm-state]");
            // From the click as the follower's page dispatched it (not from when Playwright was asked, which first waits
            // for the button to be enabled by the server) to the holder's page showing it; one machine, one clock.
            await follower.EvaluateAsync("() => document.addEventListener('click', () => { window.__clickAt ??= Date.now(); }, true)");
            await follower.ClickAsync("[data-testid=ack-selected]");
            await Assertions.Expect(holderState).ToHaveTextAsync("Active, acknowledged", new() { Timeout = 5_000 });
            var ackLatency = await holderPage.EvaluateAsync<long>("() => window.__ackSeen") - await follower.EvaluateAsync<long>("() => window.__clickAt");
            output.WriteLine($"acknowledged on console-b, shown on console-a after {ackLatency} ms");
            Assert.InRange(ackLatency, 0, 1_000);
            await Assertions.Expect(follower.Locator("[data-testid=alarm-feedback]")).ToContainTextAsync("Acknowledged");

            // Notifications before the kill: one message per host, sent by the holder.
            var before = Enumerable.Range(0, 20).Select(i => $"h{i:D2}").ToList();
            await PostAlertsAsync(gateway, before);
            await Poll.UntilAsync(() => Task.FromResult(Hosts(sink).Count >= before.Count + 1), TimeSpan.FromSeconds(30), () => $"{Hosts(sink).Count} hosts notified before the kill");

            // The holder dies; alerts keep arriving through the gateway meanwhile.
            var epoch = (await LeaseAsync()).Epoch;
            await a.StopAsync(kill: true);
            var killed = Stopwatch.StartNew();
            var after = Enumerable.Range(20, 20).Select(i => $"h{i:D2}").ToList();
            await PostAlertsAsync(gateway, after);
            await Poll.UntilAsync(async () => (await LeaseAsync()) is { Holder: "console-b" } l && l.Epoch > epoch, TimeSpan.FromSeconds(10),
                () => $"console-b did not take the lease within 10 s:\n{b.Output[^Math.Min(3000, b.Output.Length)..]}");
            var takeover = killed.Elapsed;
            output.WriteLine($"lease taken over {takeover.TotalMilliseconds:0} ms after the kill");
            Assert.True(takeover < TimeSpan.FromSeconds(10), $"takeover after {takeover}");

            // Every page is served by console-b with fresh data, still signed in (no login page).
            foreach (var (page, _) in pages)
            {
                await Assertions.Expect(page.Locator("[data-testid=replica]")).ToHaveAttributeAsync("data-replica", "console-b", new() { Timeout = 30_000 });
                await Assertions.Expect(page.Locator("[data-circuit=interactive]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
                await Assertions.Expect(page.Locator("[data-testid=data-freshness] .fresh-badge.fresh")).ToBeVisibleAsync(new() { Timeout = 15_000 });
                Assert.DoesNotContain("/login", page.Url, StringComparison.Ordinal);
            }
            output.WriteLine($"all {pages.Count} pages back on console-b {killed.ElapsedMilliseconds} ms after the kill");
            await pages[0].Page.GotoAsync("/collectors");
            await Assertions.Expect(pages[0].Page.Locator("[data-testid=lease-holder]")).ToHaveAttributeAsync("data-holder", "console-b");

            // Nothing lost, nothing twice: every host once, under one key, counted at the receiver.
            var expected = before.Concat(after).Append("ack").ToList();
            await Poll.UntilAsync(() => Task.FromResult(Hosts(sink).Count == expected.Count), TimeSpan.FromSeconds(30),
                () => $"{Hosts(sink).Count} of {expected.Count} hosts notified; missing {string.Join(",", expected.Except(Hosts(sink).Select(h => h.Host[(_run.Length + 1)..])))}:\n{b.Output[^Math.Min(4000, b.Output.Length)..]}");
            await Task.Delay(TimeSpan.FromSeconds(6)); // past the outbox lease: nothing more may come
            var all = Hosts(sink);
            Assert.Equal(expected.Count, all.Select(r => r.Host).Distinct().Count());
            Assert.True(all.Count == expected.Count, $"{all.Count} posts for {expected.Count} hosts: " + string.Join(", ", all.GroupBy(r => r.Host).Where(g => g.Count() > 1).Select(g => g.Key + " x" + g.Count())));
            Assert.Equal(expected.Count, all.Select(r => r.Key).Distinct().Count());
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            var others = string.Join("\n", sink.Hooks.Where(h => HostOf(h).Length == 0).Take(3).Select(h => h.ToString()));
            throw new InvalidOperationException($"{ex.Message}\n--- other posts: {others}\n--- console-a:\n{Tail(a.Output)}\n--- console-b:\n{Tail(b.Output)}\n--- nginx:\n{Tail(gateway.ErrorLog)}", ex);
        }
        finally
        {
            foreach (var c in contexts) await c.CloseAsync();
            await writer.StopAsync(CancellationToken.None);
            Directory.Delete(secrets, recursive: true);
        }
    }

    private static string Tail(string s) => s.Length <= 4000 ? s : s[^4000..];

    /// <summary>TLS, HSTS, the console's own HTTPS redirect and the client's address in the audit, through the gateway.</summary>
    private async Task TlsGatewayAsync(GatewayServer gateway)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true, AllowAutoRedirect = false };
        using var http = new HttpClient(handler);
        using (var login = await http.GetAsync(new Uri(gateway.TlsUri, "login")))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.Equal("max-age=31536000", Assert.Single(login.Headers.GetValues("Strict-Transport-Security")));
        }
        using (var plain = await http.GetAsync(new Uri(gateway.HttpUri, "login?x=1")))
        {
            Assert.Equal(HttpStatusCode.PermanentRedirect, plain.StatusCode);
            Assert.Equal($"https://127.0.0.1:{gateway.TlsPort}/login?x=1", plain.Headers.Location!.ToString());
            Assert.False(plain.Headers.Contains("Strict-Transport-Security"), "HSTS only over HTTPS");
        }
        using (var probe = await http.GetAsync(new Uri(gateway.HttpUri, "readyz")))
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode); // probes are never redirected

        // A failed sign-in from another loopback address: the audit names the browser's address, not the gateway's.
        using var from2 = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            UseCookies = true,
            ConnectCallback = async (ctx, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                await socket.ConnectAsync(ctx.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(from2) { BaseAddress = gateway.TlsUri };
        var form = await client.GetStringAsync("login");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        Assert.NotEmpty(token);
        var user = "nobody-" + _run;
        using var failed = await client.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["username"] = user, ["password"] = "not the password", ["returnUrl"] = "/",
        }));
        Assert.True(failed.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.OK, $"login answered {failed.StatusCode}");
        await using var c = new Npgsql.NpgsqlConnection(postgres.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT remote_address FROM audit WHERE action = 'login.failed' AND user_name = @u", c);
        cmd.Parameters.AddWithValue("u", user);
        Assert.Equal("127.0.0.2", (string?)await cmd.ExecuteScalarAsync());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private async Task<IPage> OpenOnAsync(string replica, GatewayServer gateway, List<IBrowserContext> contexts)
    {
        for (var i = 0; i < 20; i++)
        {
            var context = await browser.Browser.NewContextAsync(new() { BaseURL = gateway.TlsUri.ToString(), IgnoreHTTPSErrors = true });
            contexts.Add(context);
            var page = await context.NewPageAsync();
            await BrowserFixture.SignInAsync(page);
            if (await ReplicaOfAsync(page) == replica) return page;
        }
        throw new InvalidOperationException($"no session landed on {replica}");
    }

    private static async Task<string> ReplicaOfAsync(IPage page)
    {
        var tag = page.Locator("[data-testid=replica]");
        await Assertions.Expect(tag).ToBeVisibleAsync();
        return await tag.GetAttributeAsync("data-replica") ?? "";
    }

    private async Task<(string? Holder, long Epoch)> LeaseAsync()
    {
        await using var c = new Npgsql.NpgsqlConnection(postgres.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT holder, epoch FROM leases WHERE name = 'holder'", c);
        try
        {
            await using var r = await cmd.ExecuteReaderAsync();
            return await r.ReadAsync() ? (r.GetString(0), r.GetInt64(1)) : (null, 0);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == "42P01")
        {
            return (null, 0); // no replica has made the table yet
        }
    }

    /// <summary>Alertmanager's post, through the gateway (to whichever replica it picks).</summary>
    private async Task PostAlertsAsync(GatewayServer gateway, IReadOnlyList<string> hosts)
    {
        var startsAt = _startsAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var alerts = string.Join(",", hosts.Select(h =>
            $$"""{"status":"firing","labels":{"alertname":"DiskFull","host":"t{{_run}}-{{h}}","severity":"critical"},"annotations":{"summary":"Disk full on {{h}}"},"startsAt":"{{startsAt}}","endsAt":"0001-01-01T00:00:00Z","fingerprint":"{{_run}}{{h}}"}"""));
        var body = $$"""{"receiver":"console","status":"firing","alerts":[{{alerts}}],"groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","version":"4","groupKey":"{}","truncatedAlerts":0}""";
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.TlsUri, "api/alarms/alertmanager/prom")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AlertToken);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The webhook posts of this test: (idempotency key, host) each.</summary>
    private List<(string Key, string Host)> Hosts(ReceiverSink sink) =>
        [.. sink.Hooks.Select(h => (Key: h.GetProperty("idempotencyKey").GetString()!, Host: HostOf(h)))
            .Where(r => r.Host.StartsWith("t" + _run, StringComparison.Ordinal))];

    // Messages of the console's own alarms (a collector's, a contact point's) have no host label.
    private static string HostOf(System.Text.Json.JsonElement hook) =>
        hook.TryGetProperty("alerts", out var alerts) && alerts.GetArrayLength() > 0 && alerts[0].TryGetProperty("labels", out var labels)
            && labels.TryGetProperty("host", out var host) ? host.GetString() ?? "" : "";
}

/// <summary>Two consoles, nginx and ten browsers take the whole machine: this test runs alone, and the timing tests of other classes do not run beside it.</summary>
[CollectionDefinition(nameof(HighAvailabilityTests), DisableParallelization = true)]
public sealed class HighAvailabilityCollection;
