using System.Diagnostics;

namespace OnlineConsole.Tests.Support;

/// <summary>
/// A real PostgreSQL (Debian's package) in a temporary cluster on a free 127.0.0.1 port, trust authentication for
/// the loopback only, stopped and deleted at the end. PostgreSQL refuses to run as root, so as root it runs as
/// the package's `postgres` user.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "oc-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _server;

    public int Port { get; } = AppProcess.FreeTcpPort();
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=oc;Database=postgres;Pooling=false";

    private static string Bin(string tool)
    {
        var dir = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Order().LastOrDefault() : null;
        var path = dir is null ? null : Path.Combine(dir, "bin", tool);
        return path is not null && File.Exists(path) ? path : throw new InvalidOperationException("PostgreSQL is not installed (Debian package postgresql; test.sh installs it).");
    }

    private static ProcessStartInfo AsPostgres(string tool, params string[] args)
    {
        var root = Environment.UserName == "root";
        var psi = new ProcessStartInfo(root ? "runuser" : Bin(tool)) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (root) foreach (var a in new[] { "-u", "postgres", "--", Bin(tool) }) psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        if (Environment.UserName == "root")
        {
            using var chown = Process.Start("chown", ["-R", "postgres", _dir]);
            await chown.WaitForExitAsync();
        }
        using (var init = Process.Start(AsPostgres("initdb", "-D", _dir + "/data", "-A", "trust", "-U", "oc", "--no-sync"))!)
        {
            var err = await init.StandardError.ReadToEndAsync();
            await init.WaitForExitAsync();
            if (init.ExitCode != 0) throw new InvalidOperationException("initdb failed: " + err);
        }
        _server = Process.Start(AsPostgres("postgres", "-D", _dir + "/data", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + _dir, "-c", "fsync=off"))!;
        await WaitForConnectionAsync(_server, ConnectionString, "PostgreSQL");
    }

    private static async Task WaitForConnectionAsync(Process server, string connectionString, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited) throw new InvalidOperationException($"{what} exited: " + await server.StandardError.ReadToEndAsync());
            try
            {
                await using var c = new Npgsql.NpgsqlConnection(connectionString);
                await c.OpenAsync();
                return;
            }
            catch (Npgsql.NpgsqlException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"{what} did not accept connections within 30 s.");
    }

    private Process? _replica;

    /// <summary>A streaming replica of this server (pg_basebackup -R), on its own free port; stopped with the primary.</summary>
    public async Task<string> StartReplicaAsync()
    {
        var port = AppProcess.FreeTcpPort();
        var data = _dir + "/replica";
        using (var backup = Process.Start(AsPostgres("pg_basebackup", "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                   "-U", "oc", "-D", data, "-R", "-X", "stream", "--no-sync"))!)
        {
            var err = await backup.StandardError.ReadToEndAsync();
            await backup.WaitForExitAsync();
            if (backup.ExitCode != 0) throw new InvalidOperationException("pg_basebackup failed: " + err);
        }
        _replica = Process.Start(AsPostgres("postgres", "-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + _dir, "-c", "fsync=off"))!;
        var cs = $"Host=127.0.0.1;Port={port};Username=oc;Database=postgres;Pooling=false";
        await WaitForConnectionAsync(_replica, cs, "The replica");
        return cs;
    }

    /// <summary>Stops the replica at once (SIGKILL), as a crashed standby.</summary>
    public void KillReplica() => _replica?.Kill(entireProcessTree: true);

    public async Task DisposeAsync()
    {
        if (_replica is { HasExited: false })
        {
            _replica.Kill(entireProcessTree: true);
            await _replica.WaitForExitAsync();
        }
        _replica?.Dispose();
        if (_server is { HasExited: false })
        {
            // SIGINT: PostgreSQL's fast shutdown.
            using var stop = Process.Start("kill", ["-INT", _server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await stop.WaitForExitAsync();
            if (!_server.WaitForExit(10_000)) _server.Kill(entireProcessTree: true);
        }
        _server?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
