using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace OnlineConsole.Tests.Support;

/// <summary>
/// A real mosquitto broker on free 127.0.0.1 ports, owned by one test: a user with a password (mosquitto_passwd),
/// optionally a TLS listener with a given certificate, no persistence (retained messages live until the broker is
/// killed). It can be killed with SIGKILL and started again on the same ports.
/// </summary>
public sealed class MosquittoServer : IAsyncDisposable
{
    public const string User = "dcs";
    public const string Password = "a long broker passphrase";

    private readonly string _dir;
    private readonly StringBuilder _log = new();
    private Process? _process;

    private MosquittoServer(string dir, int port, int? tlsPort)
    {
        _dir = dir;
        Port = port;
        TlsPort = tlsPort;
    }

    public int Port { get; }
    public int? TlsPort { get; }

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <param name="tls">Server certificate and key files (PEM) for a second, TLS-only listener.</param>
    public static async Task<MosquittoServer> StartAsync((string Cert, string Key)? tls = null)
    {
        var dir = Directory.CreateTempSubdirectory("oc-mosquitto-").FullName;
        var server = new MosquittoServer(dir, AppProcess.FreeTcpPort(), tls is null ? null : AppProcess.FreeTcpPort());
        using (var passwd = Process.Start(new ProcessStartInfo("mosquitto_passwd", ["-b", "-c", Path.Combine(dir, "passwd"), User, Password]) { RedirectStandardError = true, RedirectStandardOutput = true })!)
        {
            await passwd.WaitForExitAsync();
            if (passwd.ExitCode != 0) throw new InvalidOperationException("mosquitto_passwd failed: " + await passwd.StandardError.ReadToEndAsync());
        }
        var config = new StringBuilder()
            .AppendLine("persistence false")
            .AppendLine("per_listener_settings false")
            .AppendLine("allow_anonymous false")
            .AppendLine("password_file " + Path.Combine(dir, "passwd"))
            .AppendLine(CultureInfo.InvariantCulture, $"listener {server.Port} 127.0.0.1");
        // As root, mosquitto would switch to its own user, which cannot read the test's files.
        if (Environment.UserName == "root") config.Insert(0, "user root\n");
        if (tls is var (cert, key))
            config.AppendLine(CultureInfo.InvariantCulture, $"listener {server.TlsPort} 127.0.0.1").AppendLine("certfile " + cert).AppendLine("keyfile " + key);
        await File.WriteAllTextAsync(Path.Combine(dir, "mosquitto.conf"), config.ToString());
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("mosquitto", ["-c", Path.Combine(_dir, "mosquitto.conf")]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!await AcceptsAsync())
        {
            if (_process.HasExited) throw new InvalidOperationException($"mosquitto exited with {_process.ExitCode}: {Log}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(10)) throw new InvalidOperationException("mosquitto did not listen within 10 s: " + Log);
            await Task.Delay(20);
        }
    }

    /// <summary>SIGKILL, as a crash would: connections reset, retained messages gone (no persistence).</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } p) return;
        p.Kill();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await p.WaitForExitAsync(deadline.Token);
        p.Dispose();
        _process = null;
    }

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
