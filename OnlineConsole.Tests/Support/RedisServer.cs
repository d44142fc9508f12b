using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OnlineConsole.Tests.Support;

/// <summary>
/// A real redis-server on a free 127.0.0.1 port, without persistence, owned by one test: it can be killed with
/// SIGKILL and started again on the same port, and is killed when disposed.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private readonly string[] _extraArgs;
    private readonly string? _password;
    private readonly string? _user;
    private Process? _process;

    private RedisServer(int port, string[] extraArgs, string? password, string? user)
    {
        Port = port;
        _extraArgs = extraArgs;
        _password = password;
        _user = user;
    }

    public int Port { get; }

    public string Endpoint => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public string Url => "redis://" + Endpoint;

    /// <param name="extraArgs">More redis-server arguments (e.g. a TLS port); the plain port stays for readiness.</param>
    /// <param name="password">Set with --requirepass; the readiness PING authenticates with it.</param>
    /// <param name="user">
    /// An ACL user that <paramref name="extraArgs"/> defines (e.g. "--user", "daq", "on", ">pw", "~*", "+@all"):
    /// the readiness PING authenticates as this user with <paramref name="password"/>, and no --requirepass is set.
    /// </param>
    public static async Task<RedisServer> StartAsync(string[]? extraArgs = null, string? password = null, string? user = null)
    {
        var extra = extraArgs ?? [];
        if (password is not null && user is null) extra = [.. extra, "--requirepass", password];
        var server = new RedisServer(AppProcess.FreeTcpPort(), extra, password, user);
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" }.Concat(_extraArgs))
            start.ArgumentList.Add(a);
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!await PingAsync())
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}: {Log}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(10)) throw new InvalidOperationException("redis-server did not answer PING within 10 s: " + Log);
            await Task.Delay(20);
        }
    }

    /// <summary>SIGKILL, as a crash would: no shutdown, connections reset.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } p) return;
        p.Kill();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await p.WaitForExitAsync(deadline.Token);
        p.Dispose();
        _process = null;
    }

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    /// <summary>
    /// Runs redis-cli against this server (as the readiness user, the password in REDISCLI_AUTH, not on its
    /// command line) and returns its output lines.
    /// </summary>
    public async Task<string[]> CliAsync(params string[] args)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-p", Port.ToString(CultureInfo.InvariantCulture), "--no-auth-warning" }) start.ArgumentList.Add(a);
        if (_user is not null)
        {
            start.ArgumentList.Add("--user");
            start.ArgumentList.Add(_user);
        }
        if (_password is not null) start.Environment["REDISCLI_AUTH"] = _password;
        foreach (var a in args) start.ArgumentList.Add(a);
        using var cli = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = await cli.StandardOutput.ReadToEndAsync();
        await cli.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            var auth = _password is null ? "" : _user is null ? $"AUTH {_password}\r\n" : $"AUTH {_user} {_password}\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(auth + "PING\r\n"));
            var reply = new StringBuilder();
            var buffer = new byte[64];
            while (!reply.ToString().Contains("+PONG", StringComparison.Ordinal) && !reply.ToString().Contains('-', StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(buffer);
                if (n == 0) break;
                reply.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            return reply.ToString().Contains("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        lock (_log) _log.AppendLine(line);
    }
}
