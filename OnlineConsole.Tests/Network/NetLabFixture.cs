using System.Diagnostics;
using System.Text;
using OnlineConsole.Tests.Support;
using Xunit;

namespace OnlineConsole.Tests.Network;

/// <summary>
/// The project's network lab (tests-lab/netlab.sh) in network namespaces: switches sw1, sw2 (Linux bridges with
/// snmpd + lldpd over AgentX), servers srv1..srv4 (lldpd). Brought up once for the "netlab" collection and always
/// torn down at its end. Uses its own prefix and 10.79.0.0/16 so it cannot meet a lab someone else has up.
/// Needs root (network namespaces).
/// </summary>
public sealed class NetLabFixture : IAsyncLifetime
{
    public const string Prefix = "ocnt";
    public const string Net = "10.79";
    public const string Community = "public";

    // Created by the script with mode 755: lldpd's unprivileged half must reach the AgentX socket in it.
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "ocnt-lab");

    public static string Script => Path.Combine(TestStores.RepoRoot(), "tests-lab", "netlab.sh");

    /// <summary>Management address of switch n (1-based), reachable from the root namespace.</summary>
    public static string SwitchAddress(int n) => $"{Net}.{n}.2";

    /// <summary>Every cable of the lab, each once.</summary>
    public static IReadOnlySet<string> ExpectedLinks { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Key("sw1", "swp1", "srv1", "eth0"), Key("sw1", "swp2", "srv2", "eth0"),
        Key("sw2", "swp1", "srv3", "eth0"), Key("sw2", "swp2", "srv4", "eth0"),
        Key("sw1", "swp48", "sw2", "swp48"),
    };

    /// <summary>A cable's ends in a fixed order, so either direction gives the same key.</summary>
    public static string Key(string a, string pa, string b, string pb) =>
        string.CompareOrdinal(a + ":" + pa, b + ":" + pb) < 0 ? $"{a}:{pa}-{b}:{pb}" : $"{b}:{pb}-{a}:{pa}";

    public async Task InitializeAsync()
    {
        // Leftovers of an interrupted run would make "up" fail.
        await RunAsync("down");
        await RunAsync("up");
    }

    public async Task DisposeAsync()
    {
        await RunAsync("down");
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }

    public Task SetLinkAsync(string node, string iface, bool up) => RunAsync("set", node, iface, up ? "up" : "down");

    public async Task RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LAB"] = Directory;
        psi.Environment["LAB_PREFIX"] = Prefix;
        psi.Environment["LAB_NET"] = Net;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("netlab.sh did not start.");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = p.StandardOutput.ReadToEndAsync(deadline.Token);
        var errors = p.StandardError.ReadToEndAsync(deadline.Token);
        await p.WaitForExitAsync(deadline.Token);
        if (p.ExitCode != 0) throw new InvalidOperationException($"netlab.sh {string.Join(' ', args)} exited with {p.ExitCode}: {await errors}{await output}");
    }
}

[CollectionDefinition("netlab")]
public sealed class NetLabGroup : ICollectionFixture<NetLabFixture>;
