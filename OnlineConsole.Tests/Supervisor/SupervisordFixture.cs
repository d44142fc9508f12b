using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OnlineConsole.Tests.Supervisor;

/// <summary>A real supervisord (Debian `supervisor`) on 127.0.0.1 with basic auth, two sleepers and one that exits at once.</summary>
public sealed class SupervisordFixture : IAsyncLifetime
{
    public const string User = "op";
    public const string Password = "s3cret";
    private readonly string _dir = Directory.CreateTempSubdirectory("supervisord-").FullName;
    private Process? _process;

    public Uri Url { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/RPC2");
        var conf = Path.Combine(_dir, "supervisord.conf");
        await File.WriteAllTextAsync(conf, $"""
            [supervisord]
            nodaemon=true
            logfile={_dir}/supervisord.log
            pidfile={_dir}/supervisord.pid
            childlogdir={_dir}

            [inet_http_server]
            port=127.0.0.1:{port}
            username={User}
            password={Password}

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [program:trigger]
            command=sleep 3600
            startsecs=1

            [program:builder]
            command=sleep 3600
            startsecs=1

            [program:dies]
            command=sh -c "exit 3"
            startsecs=0
            autorestart=false

            [group:mon]
            programs=trigger,builder,dies

            [program:talker]
            command=sh -c "while true; do echo tick; echo slow-disk >&2; sleep 0.5; done"
            startsecs=1

            [program:idle]
            command=sleep 3600
            startsecs=1

            [group:aux]
            programs=talker,idle

            [program:lonely]
            command=sleep 3600
            startsecs=1
            """);
        _process = Process.Start(new ProcessStartInfo("supervisord", ["-c", conf])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("supervisord did not start.");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"supervisord did not listen on {port} within 20 s.");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
