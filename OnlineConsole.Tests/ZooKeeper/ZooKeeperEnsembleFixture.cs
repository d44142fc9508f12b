using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OnlineConsole.Tests.ZooKeeper;

/// <summary>
/// A real three-server ZooKeeper ensemble (Debian `zookeeper`) on 127.0.0.1, each server its own JVM with its own
/// data directory, client port and quorum ports; members can be killed and started again.
/// </summary>
public sealed class ZooKeeperEnsembleFixture : IAsyncLifetime
{
    public const int Size = 3;
    private readonly string _dir = Directory.CreateTempSubdirectory("zk-ensemble-").FullName;
    private readonly Process?[] _servers = new Process?[Size];
    private readonly int[] _clientPorts = new int[Size];

    public IReadOnlyList<string> Servers => [.. _clientPorts.Select(p => $"127.0.0.1:{p}")];

    /// <summary>What Debian's zkEnv.sh runs: the server jar (its manifest names the libraries) and the log configuration.</summary>
    public static string ClassPath()
    {
        const string jar = "/usr/share/java/zookeeper.jar";
        if (!File.Exists(jar)) throw new InvalidOperationException($"ZooKeeper is not installed: {jar} is missing (Debian package 'zookeeper').");
        return "/etc/zookeeper/conf:" + jar;
    }

    public async Task InitializeAsync()
    {
        var peers = Enumerable.Range(0, Size).Select(_ => (Quorum: FreePort(), Election: FreePort())).ToArray();
        for (var i = 0; i < Size; i++) _clientPorts[i] = FreePort();
        for (var i = 0; i < Size; i++)
        {
            var data = Path.Combine(_dir, "s" + (i + 1));
            Directory.CreateDirectory(data);
            await File.WriteAllTextAsync(Path.Combine(data, "myid"), (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var lines = new List<string>
            {
                "tickTime=500", "initLimit=10", "syncLimit=5", $"dataDir={data}", $"clientPort={_clientPorts[i]}", "clientPortAddress=127.0.0.1",
                "4lw.commands.whitelist=ruok,srvr,mntr", "admin.enableServer=false", "standaloneEnabled=false",
            };
            for (var k = 0; k < Size; k++) lines.Add($"server.{k + 1}=127.0.0.1:{peers[k].Quorum}:{peers[k].Election}");
            await File.WriteAllLinesAsync(Path.Combine(data, "zoo.cfg"), lines);
        }
        for (var i = 0; i < Size; i++) Start(i);
        await WaitServingAsync(TimeSpan.FromSeconds(60));
    }

    public void Start(int i)
    {
        var data = Path.Combine(_dir, "s" + (i + 1));
        var psi = new ProcessStartInfo("java", ["-Xmx128m", "-XX:+UseSerialGC", "-Dzookeeper.log.dir=" + data, "-cp", ClassPath(),
            "org.apache.zookeeper.server.quorum.QuorumPeerMain", Path.Combine(data, "zoo.cfg")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = data,
        };
        var p = Process.Start(psi) ?? throw new InvalidOperationException("java did not start");
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _servers[i] = p;
    }

    public bool IsRunning(int i) => _servers[i] is { HasExited: false };

    public void Kill(int i)
    {
        if (_servers[i] is not { } p) return;
        try
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        p.Dispose();
        _servers[i] = null;
    }

    /// <summary>Until every running member answers mntr as leader or follower.</summary>
    public async Task WaitServingAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            var modes = new List<string>();
            for (var i = 0; i < Size; i++)
            {
                if (_servers[i] is null) continue;
                try
                {
                    var reply = await OnlineConsole.Collectors.ZooKeeper.FourLetterWords.AskAsync("127.0.0.1", _clientPorts[i], "mntr", TimeSpan.FromSeconds(1), CancellationToken.None);
                    modes.Add(reply.Split('\n').FirstOrDefault(l => l.StartsWith("zk_server_state", StringComparison.Ordinal))?.Split('\t')[1].Trim() ?? "not serving");
                }
                catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
                {
                    modes.Add("down");
                }
            }
            last = string.Join(",", modes);
            if (modes.Count > 0 && modes.All(m => m is "leader" or "follower") && modes.Count(m => m == "leader") == 1) return;
            await Task.Delay(300);
        }
        throw new InvalidOperationException($"the ensemble did not form within {within}: {last}");
    }

    public Task DisposeAsync()
    {
        for (var i = 0; i < Size; i++) Kill(i);
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A JVM may still hold a file for a moment.
        }
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
