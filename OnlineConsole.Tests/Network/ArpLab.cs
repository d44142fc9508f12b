using System.Diagnostics;
using Xunit;

namespace OnlineConsole.Tests.Network;

/// <summary>
/// One host in a network namespace behind a veth pair: ocarp0 (10.87.0.1/24) here, eth0 (10.87.0.2/24) in the
/// namespace, so 10.87.0.0/24 is directly attached to this host. Own prefix and network, apart from the other labs.
/// Created for its test class and always removed after it. Needs root.
/// </summary>
public sealed class ArpLab : IAsyncLifetime
{
    public const string Namespace = "ocarp-host";
    public const string Interface = "ocarp0";
    public const string Local = "10.87.0.1";
    public const string Host = "10.87.0.2";

    public async Task InitializeAsync()
    {
        // Leftovers of an interrupted run would make the adds fail.
        await RemoveAsync();
        await RunAsync("ip", "netns", "add", Namespace);
        await RunAsync("ip", "link", "add", Interface, "type", "veth", "peer", "name", "eth0", "netns", Namespace);
        await RunAsync("ip", "addr", "add", Local + "/24", "dev", Interface);
        await RunAsync("ip", "link", "set", Interface, "up");
        await ExecAsync("ip", "addr", "add", Host + "/24", "dev", "eth0");
        await ExecAsync("ip", "link", "set", "eth0", "up");
    }

    public Task DisposeAsync() => RemoveAsync();

    // Deleting the namespace deletes its end of the veth pair and with it ours.
    private static async Task RemoveAsync()
    {
        await RunAsync(["ip", "netns", "del", Namespace], mayFail: true);
        await RunAsync(["ip", "link", "del", Interface], mayFail: true);
    }

    /// <summary>Runs a command inside the namespace, failing on a non-zero exit.</summary>
    public static Task ExecAsync(params string[] command) => RunAsync(["ip", "netns", "exec", Namespace, .. command]);

    /// <summary>Starts a process inside the namespace, its standard output to be read; the caller ends it.</summary>
    public static Process Start(params string[] command)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["netns", "exec", Namespace, .. command]) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("ip did not start.");
    }

    private static Task RunAsync(params string[] command) => RunAsync(command, mayFail: false);

    private static async Task RunAsync(string[] command, bool mayFail)
    {
        var psi = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command[1..]) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException(command[0] + " did not start.");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var errors = p.StandardError.ReadToEndAsync(deadline.Token);
        _ = await p.StandardOutput.ReadToEndAsync(deadline.Token);
        await p.WaitForExitAsync(deadline.Token);
        if (p.ExitCode != 0 && !mayFail) throw new InvalidOperationException($"{string.Join(' ', command)} exited with {p.ExitCode}: {await errors}");
    }
}
