using System.Net;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Host;

[Trait("Category", "Host")]
public sealed class HealthAndPreferenceTests : IClassFixture<ConsoleFactoryFixture>
{
    private readonly ConsoleFactory _factory;

    public HealthAndPreferenceTests(ConsoleFactoryFixture fixture) => _factory = fixture.Factory;

    [Fact]
    public async Task Liveness_answers_healthy()
    {
        using var client = _factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_answers_healthy_once_collectors_started()
    {
        using var client = _factory.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode status;
        do
        {
            using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            status = response.StatusCode;
            if (status == HttpStatusCode.OK) break;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Overview_is_served_with_the_Blazor_script_and_prerendered_header()
    {
        _factory.AddUser("viewer", Core.Security.OperatorRole.Display);
        using var client = await _factory.SignedInClientAsync("viewer");
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("_framework/blazor.web.js", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"status-header\"", html, StringComparison.Ordinal);
        Assert.Contains("components-reconnect-modal", html, StringComparison.Ordinal);
        using var script = await client.GetAsync(new Uri("/_framework/blazor.web.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Theory]
    [InlineData("/prefs/culture?culture=zh-CN&returnUrl=/services", "/services")]
    [InlineData("/prefs/culture?culture=zh-CN&returnUrl=//evil.example/", "/")]
    [InlineData("/prefs/theme?theme=light&returnUrl=https://evil.example/", "/")]
    [InlineData("/prefs/theme?theme=toggle&returnUrl=/%5Cevil.example", "/")]
    public async Task Preference_links_redirect_only_to_local_pages(string url, string expected)
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Unknown_preference_values_are_refused()
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        using var a = await client.GetAsync(new Uri("/prefs/culture?culture=fr", UriKind.Relative));
        using var b = await client.GetAsync(new Uri("/prefs/theme?theme=pink", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, b.StatusCode);
    }

    [Fact]
    public async Task Chinese_culture_cookie_renders_Chinese_text()
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN");
        using var response = await client.SendAsync(request);
        // The prerenderer encodes non-ASCII text as character references.
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("登录", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"zh-CN\"", html, StringComparison.Ordinal);
    }
}

public sealed class ConsoleFactoryFixture : IDisposable
{
    public ConsoleFactory Factory { get; } = new();

    public void Dispose() => Factory.Dispose();
}
