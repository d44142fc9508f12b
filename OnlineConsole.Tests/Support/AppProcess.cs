using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OnlineConsole.Tests.Support;

/// <summary>
/// The console as a separate process on a free 127.0.0.1 port, as a user runs it: it can be stopped and
/// started again on the same port. Output is kept for assertions and failure messages.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly string[] _extraArgs;
    private readonly Dictionary<string, string> _env;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public const string AdminName = "admin";
    public const string Password = "correct horse battery";

    public AppProcess(string[]? args = null, Dictionary<string, string>? env = null, int? port = null, string? dataDirectory = null)
    {
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("oc-app-").FullName;
        _extraArgs = [.. args ?? [], "--Data:Directory", DataDirectory];
        _env = env ?? [];
        Port = port ?? FreeTcpPort();
    }

    public int Port { get; }

    /// <summary>Settings database and keys of this instance; pass it to a restarted instance to keep sessions.</summary>
    public string DataDirectory { get; }
    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Arguments that make the simulator cycle through runs within seconds.</summary>
    public static string[] FastSimulatorArgs(string? siteConfig = "appsettings/small-lab/site.json") =>
    [
        "--SiteConfig", Path.Combine(TestStores.RepoRoot(), siteConfig ?? "appsettings/small-lab/site.json"),
        "--Simulator:ConfigureTime=00:00:01", "--Simulator:RunLength=00:00:03", "--Simulator:StoppedTime=00:00:01",
        "--Simulator:PauseEveryRuns=0",
    ];

    public static string AppDll()
    {
        // The web project's own output, built with the same configuration as this test assembly.
        var config = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(TestStores.RepoRoot(), "OnlineConsole", "bin", config, "net10.0", "OnlineConsole.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first.", dll);
    }

    /// <summary>Creates a user through the console's own command line, as an operator would.</summary>
    public async Task AddUserAsync(string name, string role, string password = Password)
    {
        var dll = AppDll();
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { dll, "users", "add", name, "--role", role }.Concat(_extraArgs)) psi.ArgumentList.Add(a);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (k, v) in _env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        // The password goes in on standard input, never on the command line.
        await p.StandardInput.WriteLineAsync(password);
        p.StandardInput.Close();
        var stdout = await p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"users add {name} failed ({p.ExitCode}): {stdout}{stderr}");
    }

    /// <summary>Starts the console with an admin account (created first when missing).</summary>
    public async Task StartWithAdminAsync()
    {
        if (!File.Exists(Path.Combine(DataDirectory, "onlineconsole.db"))) await AddUserAsync(AdminName, "admin");
        await StartAsync();
    }

    public async Task StartAsync(TimeSpan? timeout = null)
    {
        var dll = AppDll();
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(BaseUri.ToString().TrimEnd('/'));
        foreach (var a in _extraArgs) psi.ArgumentList.Add(a);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in _env) psi.Environment[k] = v;
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitReadyAsync(timeout ?? TimeSpan.FromSeconds(60));
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true }) throw new InvalidOperationException($"The console exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var r = await http.GetAsync(new Uri(BaseUri, "readyz"));
                if (r.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer while starting.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The console was not ready within {timeout}:\n{Output}");
    }

    /// <summary>Stops the process: gracefully (SIGTERM) or abruptly (kill).</summary>
    /// <summary>The process id while it runs.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public async Task StopAsync(bool kill = false)
    {
        if (_process is null || _process.HasExited) return;
        if (kill)
        {
            _process.Kill(entireProcessTree: true);
        }
        else
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(kill: true);
        _process?.Dispose();
    }

    public static int FreeTcpPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
