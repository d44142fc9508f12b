using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OnlineConsole.Collectors.Snmp;
using Xunit;

namespace OnlineConsole.Tests.Snmp;

/// <summary>
/// A net-snmp snmpd on a free 127.0.0.1 UDP port, configured from a temporary directory, started once for the
/// "snmpd" collection and killed at its end.
/// </summary>
public sealed class SnmpdFixture : IAsyncLifetime
{
    public const string Community = "public";
    public const string Sha1User = "opsha1";
    public const string Sha1AuthPassword = "sha1-auth-pass";
    public const string Sha1PrivPassword = "sha1-priv-pass";
    public const string Sha256User = "opsha256";
    public const string Sha256AuthPassword = "sha256-auth-pass";
    public const string Sha256PrivPassword = "sha256-priv-pass";
    public const string AuthOnlyUser = "opauth";
    public const string AuthOnlyPassword = "auth-only-pass";
    public const string NoAuthUser = "opnone";

    public static readonly Oid SysDescr = Oid.Parse("1.3.6.1.2.1.1.1.0");

    private readonly StringBuilder _log = new();
    private Process? _process;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("snmpd-test-").FullName;

    public IPEndPoint EndPoint { get; private set; } = null!;

    public SnmpV2cTarget V2c => new(EndPoint, Community);

    /// <summary>snmpd's own output so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        EndPoint = new IPEndPoint(IPAddress.Loopback, FreeUdpPort());
        string config = Path.Combine(Directory, "snmpd.conf");
        await File.WriteAllTextAsync(config, $"""
            rocommunity {Community} 127.0.0.1
            createUser {Sha1User} SHA "{Sha1AuthPassword}" AES "{Sha1PrivPassword}"
            createUser {Sha256User} SHA-256 "{Sha256AuthPassword}" AES "{Sha256PrivPassword}"
            createUser {AuthOnlyUser} SHA "{AuthOnlyPassword}"
            createUser {NoAuthUser}
            rouser {Sha1User} priv
            rouser {Sha256User} priv
            rouser {AuthOnlyUser} auth
            rouser {NoAuthUser} noauth

            """);

        var start = new ProcessStartInfo("/usr/sbin/snmpd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-f", "-Lo", "-C", "-c", config, "-p", Path.Combine(Directory, "snmpd.pid"), $"udp:127.0.0.1:{EndPoint.Port.ToString(CultureInfo.InvariantCulture)}" })
        {
            start.ArgumentList.Add(argument);
        }
        SetNetSnmpEnvironment(start);
        _process = Process.Start(start) ?? throw new InvalidOperationException("snmpd did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await WaitUntilAnsweringAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(deadline.Token);
        }
        _process?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    public SnmpV3Target V3(string user, SnmpAuthProtocol auth, string authPassword, SnmpPrivProtocol priv = SnmpPrivProtocol.None, string? privPassword = null) =>
        new(EndPoint, new UsmUser(user, auth, authPassword, priv, privPassword));

    /// <summary>Runs one of net-snmp's command-line tools against this agent's environment and returns what it printed.</summary>
    public async Task<string> RunToolAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        SetNetSnmpEnvironment(start);
        using var process = Process.Start(start) ?? throw new InvalidOperationException(tool + " did not start.");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var errors = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} exited with {process.ExitCode}: {await errors}");
        }
        return await output;
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var elapsed = Stopwatch.StartNew();
        await using var client = new SnmpClient(new SnmpClientOptions { Timeout = TimeSpan.FromMilliseconds(200), Retries = 0 });
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"snmpd exited with code {_process.ExitCode}: {Log}");
            }
            try
            {
                await client.GetAsync(V2c, SysDescr);
                return;
            }
            catch (SnmpTimeoutException) when (elapsed.Elapsed < TimeSpan.FromSeconds(10))
            {
                // Not listening yet: each attempt waited its timeout, so this loop does not spin.
            }
            catch (SnmpTimeoutException e)
            {
                throw new InvalidOperationException($"snmpd did not answer within 10 s: {Log}", e);
            }
        }
    }

    // No MIB loading (numeric OIDs only) and persistent state in the temporary directory, not /var/lib/snmp.
    private void SetNetSnmpEnvironment(ProcessStartInfo start)
    {
        start.Environment["MIBS"] = "";
        start.Environment["SNMP_PERSISTENT_DIR"] = Directory;
    }

    private void Append(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }
}

[CollectionDefinition("snmpd")]
public sealed class SnmpdGroup : ICollectionFixture<SnmpdFixture>;
