using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Integration.HighAvailability;

/// <summary>
/// Debian's nginx with the project's own gateway configuration (docker/nginx/onlineconsole.conf), started natively
/// on free 127.0.0.1 ports: only the upstream addresses, the listen addresses and the certificate paths are
/// replaced. The certificate is a fresh self-signed one for 127.0.0.1 and localhost made by openssl.
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("oc-gw-").FullName;
    private Process? _nginx;

    private GatewayServer() { }

    public int TlsPort { get; } = AppProcess.FreeTcpPort();
    public int HttpPort { get; } = AppProcess.FreeTcpPort();
    public Uri TlsUri => new($"https://127.0.0.1:{TlsPort}/");
    public Uri HttpUri => new($"http://127.0.0.1:{HttpPort}/");
    public string ErrorLog => File.Exists(Path.Combine(_dir, "error.log")) ? File.ReadAllText(Path.Combine(_dir, "error.log")) : "";

    public static async Task<GatewayServer> StartAsync(int replicaA, int replicaB)
    {
        const string Nginx = "/usr/sbin/nginx";
        if (!File.Exists(Nginx)) throw new InvalidOperationException("nginx is not installed (Debian package nginx-light; test.sh installs it).");
        var g = new GatewayServer();
        await g.RunAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", Path.Combine(g._dir, "tls.key"), "-out", Path.Combine(g._dir, "tls.crt"));
        var conf = await File.ReadAllTextAsync(Path.Combine(TestStores.RepoRoot(), "docker", "nginx", "onlineconsole.conf"));
        string Replace(string text, string from, string to) =>
            text.Contains(from, StringComparison.Ordinal) ? text.Replace(from, to, StringComparison.Ordinal) : throw new InvalidOperationException($"the gateway configuration has no '{from}'");
        conf = Replace(conf, "server console-a:8080", $"server 127.0.0.1:{replicaA.ToString(CultureInfo.InvariantCulture)}");
        conf = Replace(conf, "server console-b:8080", $"server 127.0.0.1:{replicaB.ToString(CultureInfo.InvariantCulture)}");
        conf = Replace(conf, "listen 8080;", $"listen 127.0.0.1:{g.HttpPort.ToString(CultureInfo.InvariantCulture)};");
        conf = Replace(conf, "listen 8443 ssl;", $"listen 127.0.0.1:{g.TlsPort.ToString(CultureInfo.InvariantCulture)} ssl;");
        conf = Replace(conf, "/etc/nginx/tls/", g._dir + "/");
        await File.WriteAllTextAsync(Path.Combine(g._dir, "onlineconsole.conf"), conf);
        var d = g._dir;
        await File.WriteAllTextAsync(Path.Combine(d, "nginx.conf"), $$"""
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            daemon off;
            worker_processes 1;
            pid {{d}}/nginx.pid;
            error_log {{d}}/error.log info;
            events { worker_connections 1024; }
            http {
                access_log {{d}}/access.log;
                client_body_temp_path {{d}}/body;
                proxy_temp_path {{d}}/proxy;
                fastcgi_temp_path {{d}}/fastcgi;
                uwsgi_temp_path {{d}}/uwsgi;
                scgi_temp_path {{d}}/scgi;
                include {{d}}/onlineconsole.conf;
            }
            """);
        var psi = new ProcessStartInfo(Nginx) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-p", d, "-e", d + "/error.log", "-c", d + "/nginx.conf" }) psi.ArgumentList.Add(a);
        g._nginx = Process.Start(psi)!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (g._nginx.HasExited) throw new InvalidOperationException($"nginx exited: {await g._nginx.StandardError.ReadToEndAsync()}\n{g.ErrorLog}");
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", g.TlsPort);
                return g;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private async Task RunAsync(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} failed: {await err}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }
        _nginx?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A worker still closing its log: the temp folder is cleaned later.
        }
    }
}
