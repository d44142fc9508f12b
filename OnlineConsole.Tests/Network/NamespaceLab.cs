using System.Diagnostics;
using OnlineConsole.Tests.Support;
using Xunit;

namespace OnlineConsole.Tests.Network;

/// <summary>
/// One run of tests-lab/netlab.sh in network namespaces under its own prefix and /16, brought up at the start of
/// its test collection and always torn down at its end. Needs root (network namespaces).
/// </summary>
public abstract class NamespaceLab(string prefix, string net, string topology) : IAsyncLifetime
{
    public string Prefix { get; } = prefix;
    public string Net { get; } = net;
    public string Topology { get; } = topology;

    // Created by the script with mode 755: lldpd's unprivileged half must reach the AgentX socket in it.
    public string Directory => Path.Combine(Path.GetTempPath(), Prefix + "-lab");

    public static string Script => Path.Combine(TestStores.RepoRoot(), "tests-lab", "netlab.sh");

    /// <summary>The namespace of a lab node (sw1, srv5, ...).</summary>
    public string Namespace(string node) => $"{Prefix}-{node}";

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
        psi.Environment["LAB_TOPOLOGY"] = Topology;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("netlab.sh did not start.");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = p.StandardOutput.ReadToEndAsync(deadline.Token);
        var errors = p.StandardError.ReadToEndAsync(deadline.Token);
        await p.WaitForExitAsync(deadline.Token);
        if (p.ExitCode != 0) throw new InvalidOperationException($"netlab.sh {string.Join(' ', args)} exited with {p.ExitCode}: {await errors}{await output}");
    }

    /// <summary>Runs a command inside a lab node's namespace (e.g. a sysctl), failing on a non-zero exit.</summary>
    public async Task ExecAsync(string node, params string[] command)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["netns", "exec", Namespace(node), .. command]) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("ip did not start.");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var errors = p.StandardError.ReadToEndAsync(deadline.Token);
        _ = await p.StandardOutput.ReadToEndAsync(deadline.Token);
        await p.WaitForExitAsync(deadline.Token);
        if (p.ExitCode != 0) throw new InvalidOperationException($"ip netns exec {Namespace(node)} {string.Join(' ', command)} exited with {p.ExitCode}: {await errors}");
    }
}
