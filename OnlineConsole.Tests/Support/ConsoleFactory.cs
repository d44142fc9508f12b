using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OnlineConsole.Tests.Support;

/// <summary>The web app in-process, on the small-lab channel map with a fast simulator.</summary>
public sealed class ConsoleFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public ConsoleFactory(Dictionary<string, string?>? settings = null)
    {
        var root = TestStores.RepoRoot();
        _settings = new Dictionary<string, string?>
        {
            ["Detector:Geometry:LargePmtFile"] = Path.Combine(root, "appsettings/small-lab/lpmt.csv"),
            ["Detector:Geometry:SmallPmtFile"] = Path.Combine(root, "appsettings/small-lab/spmt.csv"),
            ["Simulator:FrameInterval"] = "00:00:00.200",
            ["Simulator:NetworkInterval"] = "00:00:01",
        };
        foreach (var (k, v) in settings ?? []) _settings[k] = v;
    }

    /// <summary>Every log line the app wrote, for assertions (and the secrets scan).</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(l => l.AddProvider(Logs));
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
    }
}
