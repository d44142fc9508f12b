using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OnlineConsole.Tests.Support;

/// <summary>The web app in-process, on the small-lab channel map with a fast simulator.</summary>
public sealed class ConsoleFactory : WebApplicationFactory<Program>
{
    public const string TestPassword = "correct horse battery";

    private readonly Dictionary<string, string?> _settings;

    /// <summary>This instance's own settings database and keys, removed on dispose.</summary>
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("oc-data-").FullName;

    public ConsoleFactory(Dictionary<string, string?>? settings = null)
    {
        var root = TestStores.RepoRoot();
        _settings = new Dictionary<string, string?>
        {
            ["Detector:Geometry:LargePmtFile"] = Path.Combine(root, "appsettings/small-lab/lpmt.csv"),
            ["Detector:Geometry:SmallPmtFile"] = Path.Combine(root, "appsettings/small-lab/spmt.csv"),
            ["Simulator:FrameInterval"] = "00:00:00.200",
            ["Simulator:NetworkInterval"] = "00:00:01",
            ["Simulator:DcsCrates"] = "2",
            ["Simulator:DcsSensorsPerArea"] = "20",
            ["Data:Directory"] = DataDirectory,
        };
        foreach (var (k, v) in settings ?? []) _settings[k] = v;
    }

    /// <summary>Every log line the app wrote, for assertions (and the secrets scan).</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file may still be closing; the temp folder is cleaned by the OS.
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(l => l.AddProvider(Logs));
        // The in-memory test server has no peer address; tests may name one to exercise address-based rules.
        builder.ConfigureServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, PeerAddressFilter>());
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
    }
}

public static class ConsoleFactoryExtensions
{
    /// <summary>Adds a user directly in the settings database.</summary>
    public static void AddUser(this ConsoleFactory factory, string name, OnlineConsole.Core.Security.OperatorRole role, string password = ConsoleFactory.TestPassword)
    {
        var users = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<OnlineConsole.Data.UserStore>(factory.Services);
        if (users.Find(name) is null) users.Add(name, role, password);
    }

    /// <summary>A client that keeps cookies, does not follow redirects, and has signed in through the login form.</summary>
    public static async Task<HttpClient> SignedInClientAsync(this ConsoleFactory factory, string name, string password = ConsoleFactory.TestPassword)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        using var response = await client.PostLoginAsync(name, password);
        if (response.Headers.Location?.OriginalString.StartsWith("/login", StringComparison.Ordinal) != false)
            throw new InvalidOperationException($"Sign-in of {name} failed: {response.StatusCode} {response.Headers.Location}");
        return client;
    }

    /// <summary>Fetches the login form (for its antiforgery token) and posts it.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(this HttpClient client, string name, string password, string returnUrl = "/")
    {
        var form = await client.GetStringAsync(new Uri("/login", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(form, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = name, ["password"] = password, ["returnUrl"] = returnUrl, ["__RequestVerificationToken"] = token,
        });
        return await client.PostAsync(new Uri("/account/login", UriKind.Relative), content);
    }
}

/// <summary>Sets the connection's remote address from the test-only X-Test-Peer header.</summary>
internal sealed class PeerAddressFilter : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var peer)) context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(peer.ToString());
            await nextMiddleware(context);
        });
        next(app);
    };
}
