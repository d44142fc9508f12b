using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OnlineConsole.Core.Security;
using OnlineConsole.Security;
using OnlineConsole.Tests.Support;
using Xunit.Abstractions;

namespace OnlineConsole.Tests.Host;

/// <summary>
/// Every mapped endpoint and every @page route, asked by an anonymous visitor, a display and a shifter: each is
/// refused exactly where the role it declares is above the caller's, and every refusal of a signed-in user is in
/// the audit. A new page or endpoint is probed without anyone listing it here.
/// </summary>
[Trait("Category", "Host")]
public sealed class RouteProbeTests(ITestOutputHelper output) : IDisposable
{
    private readonly ConsoleFactory _factory = new();

    // What the console means to declare; the probe fails when a route's metadata says otherwise.
    private static readonly Dictionary<string, OperatorRole?> Intended = new()
    {
        ["/login"] = null, ["/setup"] = null, ["/healthz"] = null, ["/account/login"] = null,
        ["/"] = OperatorRole.Display, ["/run"] = OperatorRole.Display, ["/denied"] = OperatorRole.Display,
        ["/collectors"] = OperatorRole.Expert, ["/api/diagnostics/live"] = OperatorRole.Expert,
        // Machine endpoints: a bearer token per alarm source instead of a sign-in.
        ["/api/alarms/alertmanager/{source}"] = null, ["/api/alarms/grafana/{source}"] = null, ["/api/alarms/ingest/{source}"] = null,
        ["/admin/users"] = OperatorRole.Admin, ["/admin/audit"] = OperatorRole.Admin, ["/admin/audit.csv"] = OperatorRole.Admin,
    };

    public void Dispose() => _factory.Dispose();

    private static bool IsFrameworkOrAsset(RouteEndpoint e) =>
        e.RoutePattern.RawText is not { } p || p.StartsWith("/_", StringComparison.Ordinal) || p.StartsWith("_", StringComparison.Ordinal) ||
        e.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal));

    [Fact]
    public async Task Every_route_refuses_exactly_the_roles_below_the_one_it_declares_and_audits_each_refusal()
    {
        _factory.AddUser("wall", OperatorRole.Display);
        _factory.AddUser("sam", OperatorRole.Shifter);
        using var anonymous = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var display = await _factory.SignedInClientAsync("wall");
        using var shifter = await _factory.SignedInClientAsync("sam");

        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Where(e => !IsFrameworkOrAsset(e)).ToList();
        var pages = typeof(Program).Assembly.GetTypes().Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (Type: t, r.Template))).ToList();
        Assert.NotEmpty(pages);
        foreach (var (type, template) in pages)
        {
            var endpoint = Assert.Single(endpoints, e => e.RoutePattern.RawText == template);
            Assert.Equal(EndpointRoles.Required(type), EndpointRoles.Required(endpoint));
        }
        foreach (var (path, role) in Intended)
            Assert.True(EndpointRoles.Required(endpoints.First(e => e.RoutePattern.RawText == path)) == role, $"{path} should need {role?.ToString() ?? "nothing"}");

        var refused = new Dictionary<string, int> { ["wall"] = 0, ["sam"] = 0 };
        foreach (var endpoint in endpoints)
        {
            // Parameters get a value that matches them (a catch-all file route: a file name).
            var path = System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!, @"\{[^}]*\}", m => m.Value.Contains(":file", StringComparison.Ordinal) ? "probe.js" : "probe");
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.OrderBy(m => m == "GET" ? 0 : 1).First() ?? "GET";
            var declared = EndpointRoles.Required(endpoint);
            output.WriteLine($"{method} {path}: {declared?.ToString() ?? "anyone"}");
            foreach (var (client, name, role) in new[] { (anonymous, (string?)null, (OperatorRole?)null), (display, "wall", OperatorRole.Display), (shifter, "sam", OperatorRole.Shifter) })
            {
                // Other methods as a browser's form post (without a token): refused or not, no post may take effect.
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : new FormUrlEncodedContent([]) };
                using var response = await client.SendAsync(request);
                var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : "";
                var wasRefused = role is null
                    ? response.StatusCode == HttpStatusCode.Unauthorized || (response.StatusCode == HttpStatusCode.Redirect && location.StartsWith("/login", StringComparison.Ordinal))
                    : response.StatusCode == HttpStatusCode.Forbidden || (response.StatusCode == HttpStatusCode.Redirect && location.StartsWith("/denied?", StringComparison.Ordinal));
                var shouldBe = declared is { } d && (role is null || d > role);
                Assert.True(wasRefused == shouldBe, $"{method} {path} as {name ?? "anonymous"}: {(int)response.StatusCode} {location}, expected {(shouldBe ? "refused" : "allowed")}");
                if (wasRefused && name is not null) refused[name]++;
            }
        }
        // No route needs Shifter yet: a display and a shifter are refused the same routes.
        Assert.True(refused["wall"] >= refused["sam"] && refused["sam"] > 0, string.Join(", ", refused));

        // Each refusal is counted in the audit: the first as its own row, the rest of the window in one row.
        await _factory.Services.GetRequiredService<RefusalAudit>().FlushAsync();
        var audit = _factory.Services.GetRequiredService<IAuditLog>();
        foreach (var (name, count) in refused)
        {
            await Poll.UntilAsync(() => Counted(audit, name) == count, TimeSpan.FromSeconds(5), $"{count} refusals of {name} audited (found {Counted(audit, name)})");
        }
    }

    private static int Counted(IAuditLog audit, string name) =>
        audit.QueryAsync(new AuditQuery(User: name, ActionPrefix: "access.denied")).Result
            .Sum(e => e.Outcome == "refused" ? 1 : int.Parse(System.Text.RegularExpressions.Regex.Match(e.Outcome, @"^refused (\d+) more").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
}
