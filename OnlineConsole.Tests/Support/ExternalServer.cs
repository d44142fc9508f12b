using System.Diagnostics;
using System.Net;
using System.Text;

namespace OnlineConsole.Tests.Support;

/// <summary>
/// A real server binary (Prometheus, Alertmanager, ...) started by a test, ready once a URL answers 200; its
/// output is kept for failure messages and the process is killed when disposed.
/// </summary>
public sealed class ExternalServer : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private readonly Process _process;

    private ExternalServer(Process process) => _process = process;

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public static async Task<ExternalServer> StartAsync(string binary, IEnumerable<string> args, Uri ready, TimeSpan? timeout = null)
    {
        if (!File.Exists(binary)) throw new InvalidOperationException($"{binary} is not installed (./test.sh installs it).");
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        var server = new ExternalServer(Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start."));
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (server._process.HasExited) throw new InvalidOperationException($"{binary} exited with {server._process.ExitCode}: {server.Log}");
            try
            {
                using var r = await http.GetAsync(ready);
                if (r.StatusCode == HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer while starting.
            }
            if (watch.Elapsed > (timeout ?? TimeSpan.FromSeconds(30))) throw new TimeoutException($"{binary} was not ready at {ready}: {server.Log}");
            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
