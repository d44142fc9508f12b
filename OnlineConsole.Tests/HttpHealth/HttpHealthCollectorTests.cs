using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.HttpHealth;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.HttpHealth;

/// <summary>
/// Health endpoints served by an in-test host with the bodies Harbor and Grafana send (healthy, a component down),
/// an error status, a body without the expected text, one that hangs, and a closed port.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HttpHealthCollectorTests : IAsyncLifetime
{
    private const string HarborHealthy = """{"status":"healthy","components":[{"name":"core","status":"healthy"},{"name":"database","status":"healthy"},{"name":"jobservice","status":"healthy"},{"name":"portal","status":"healthy"},{"name":"redis","status":"healthy"},{"name":"registry","status":"healthy"},{"name":"registryctl","status":"healthy"},{"name":"trivy","status":"healthy"}]}""";
    private const string HarborJobserviceDown = """{"status":"unhealthy","components":[{"name":"core","status":"healthy"},{"name":"database","status":"healthy"},{"name":"jobservice","status":"unhealthy","error":"dial tcp: lookup jobservice on 127.0.0.11:53: no such host"},{"name":"redis","status":"healthy"}]}""";
    private const string GrafanaOk = """{"commit":"b3c4a1f","database":"ok","version":"10.4.2"}""";
    private const string GrafanaDbFailing = """{"commit":"b3c4a1f","database":"failing","version":"10.4.2"}""";

    private WebApplication _app = null!;
    private string _base = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapGet("/harbor/ok", () => Results.Text(HarborHealthy, "application/json"));
        _app.MapGet("/harbor/bad", () => Results.Text(HarborJobserviceDown, "application/json"));
        _app.MapGet("/grafana/ok", () => Results.Text(GrafanaOk, "application/json"));
        _app.MapGet("/grafana/bad", () => Results.Text(GrafanaDbFailing, "application/json"));
        _app.MapGet("/down", () => Results.StatusCode(503));
        _app.MapGet("/plain", () => Results.Text("all systems nominal"));
        _app.MapGet("/hang", async (CancellationToken ct) => { await Task.Delay(TimeSpan.FromSeconds(20), ct); return Results.Ok(); });
        await _app.StartAsync();
        _base = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Each_endpoint_gets_its_state_and_reason_and_the_hanging_one_costs_only_its_own_timeout()
    {
        var closed = AppProcess.FreeTcpPort();
        var store = TestStores.Create(TimeProvider.System);
        using var collector = new HttpHealthCollector(store, Options.Create(new HttpHealthOptions
        {
            Timeout = TimeSpan.FromSeconds(2),
            Checks =
            [
                new() { Name = "harbor", Url = _base + "/harbor/ok" }, new() { Name = "harbor-bad", Url = _base + "/harbor/bad" },
                new() { Name = "grafana", Url = _base + "/grafana/ok" }, new() { Name = "grafana-bad", Url = _base + "/grafana/bad" },
                new() { Name = "down", Url = _base + "/down" }, new() { Name = "plain", Url = _base + "/plain", ExpectBody = "nominal" },
                new() { Name = "plain-wrong", Url = _base + "/plain", ExpectBody = "\"ok\"" }, new() { Name = "hang", Url = _base + "/hang" },
                new() { Name = "closed", Url = $"http://127.0.0.1:{closed}/health" },
                new() { Name = "secret", Url = _base.Replace("http://", "http://user:hunter2@", StringComparison.Ordinal) + "/plain" },
            ],
        }), NullLogger<HttpHealthCollector>.Instance);

        // The first poll of a process pays for its JIT and the host's first requests; the second is the measured one.
        await collector.PollOnceAsync(CancellationToken.None);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var answered = await collector.PollOnceAsync(CancellationToken.None);
        Assert.True(answered == 8, string.Join("; ", store.Services.Snapshot().Select(s => s.Name + ": " + s.Detail)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3.5), $"poll took {watch.Elapsed}");

        ServiceHealth Row(string name) => store.Services.Snapshot().Single(s => s.Name == HttpHealthCollector.ServiceName(name));
        Assert.Equal(ServiceState.Up, Row("harbor").State);
        Assert.Equal(ServiceState.Up, Row("grafana").State);
        Assert.Equal(ServiceState.Up, Row("plain").State);
        Assert.Equal((ServiceState.Degraded, "unhealthy: jobservice (unhealthy)"), (Row("harbor-bad").State, Row("harbor-bad").Detail));
        Assert.Equal((ServiceState.Degraded, "unhealthy: database (failing)"), (Row("grafana-bad").State, Row("grafana-bad").Detail));
        Assert.Equal((ServiceState.Down, "HTTP 503 Service Unavailable (expected 200)"), (Row("down").State, Row("down").Detail));
        Assert.Equal(ServiceState.Degraded, Row("plain-wrong").State);
        Assert.Equal((ServiceState.Down, "unreachable: no answer within 2 s"), (Row("hang").State, Row("hang").Detail));
        Assert.Equal(ServiceState.Down, Row("closed").State);
        Assert.StartsWith("unreachable: ", Row("closed").Detail, StringComparison.Ordinal);
        // The password in a URL is never shown.
        Assert.DoesNotContain(store.Services.Snapshot(), s => s.Facts.Any(f => f.Value.Contains("hunter2", StringComparison.Ordinal)) || (s.Detail ?? "").Contains("hunter2", StringComparison.Ordinal));
        Assert.Equal(ServiceState.Up, Row("secret").State);
    }

    [Theory]
    [InlineData("not json at all", 0)]
    [InlineData("{\"status\":", 0)]
    [InlineData("""{"status":"healthy"}""", 0)]
    [InlineData("""{"status":"unhealthy"}""", 1)]
    public void A_body_that_is_not_health_JSON_names_nothing(string body, int unhealthy) =>
        Assert.Equal(unhealthy, HttpHealthCollector.Unhealthy(body).Count);
}
