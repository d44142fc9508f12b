using System.Diagnostics;
using OnlineConsole.Collectors.Redis;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Redis;

/// <summary>
/// `OnlineConsole --simulate-into redis://...` as an operator runs it, against a real password-protected
/// redis-server: with the password from the environment, and from a file, the simulator really writes the
/// contract's keys, and the password is nowhere on its command line (/proc/PID/cmdline, what ps shows).
/// </summary>
[Trait("Category", "Integration")]
public sealed class SimulateIntoProcessTests : IDisposable
{
    private const string Password = "simulate-into-pw-83a1-redis";
    private readonly string _dir = Directory.CreateTempSubdirectory("oc-simulate-proc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Process Start(string url, IEnumerable<string> extra, string? envPassword)
    {
        var dll = AppProcess.AppDll();
        var root = TestStores.RepoRoot();
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "--simulate-into", url }.Concat(extra).Concat(
                 [
                     "--Detector:Geometry:LargePmtFile", Path.Combine(root, "appsettings/small-lab/lpmt.csv"),
                     "--Detector:Geometry:SmallPmtFile", Path.Combine(root, "appsettings/small-lab/spmt.csv"),
                     "--Simulator:FrameInterval", "00:00:00.200",
                 ]))
            psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment.Remove(SimulateIntoArguments.PasswordVariable);
        if (envPassword is not null) psi.Environment[SimulateIntoArguments.PasswordVariable] = envPassword;
        return Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    private static async Task<string> OutputAfterKillAsync(Process p)
    {
        if (!p.HasExited) p.Kill(entireProcessTree: true);
        await p.WaitForExitAsync();
        return await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
    }

    /// <summary>
    /// Waits for the simulator's own notifications (a rate family written, a run update) on a fresh subscription,
    /// then checks that what they announce is in Redis.
    /// </summary>
    private static async Task WaitForFramesAsync(RedisServer redis, Process simulator)
    {
        await using var reader = await RedisLink.ConnectAsync(new RedisOptions { Endpoints = [redis.Endpoint], Password = Password }, "test-reader");
        var rates = 0;
        var runs = 0;
        await reader.SubscribeAsync("juno:dcr:updated", _ => Interlocked.Increment(ref rates));
        await reader.SubscribeAsync("juno:run:changed", _ => Interlocked.Increment(ref runs));
        await Poll.UntilAsync(() => simulator.HasExited || (Volatile.Read(ref rates) > 0 && Volatile.Read(ref runs) > 0), TimeSpan.FromSeconds(30),
            "the simulator writes run and rates into the password-protected Redis");
        Assert.False(simulator.HasExited, "the simulator exited");
        Assert.NotEmpty(await reader.HashGetAllAsync("juno:dcr:SPMT"));
        Assert.Contains(await reader.HashGetAllAsync("juno:run:current"), f => f.Key == "source" && f.Value == RedisRunControllerSimulator.ControllerSource);
    }

    [Fact]
    public async Task The_simulator_writes_into_a_password_protected_redis_with_the_password_from_the_environment_or_a_file()
    {
        await using var redis = await RedisServer.StartAsync(password: Password);

        using (var fromEnv = Start(redis.Url, [], Password))
        {
            try
            {
                await WaitForFramesAsync(redis, fromEnv);
                var cmdline = await File.ReadAllTextAsync($"/proc/{fromEnv.Id}/cmdline");
                Assert.Contains("--simulate-into", cmdline, StringComparison.Ordinal);
                Assert.DoesNotContain(Password, cmdline, StringComparison.Ordinal);
            }
            finally
            {
                Assert.DoesNotContain(Password, await OutputAfterKillAsync(fromEnv), StringComparison.Ordinal);
            }
        }

        var file = Path.Combine(_dir, "redis.pw");
        await File.WriteAllTextAsync(file, Password + "\n");
        using (var fromFile = Start(redis.Url, ["--simulate-into-password-file", file], envPassword: null))
        {
            try
            {
                await WaitForFramesAsync(redis, fromFile);
                Assert.DoesNotContain(Password, await File.ReadAllTextAsync($"/proc/{fromFile.Id}/cmdline"), StringComparison.Ordinal);
            }
            finally
            {
                Assert.DoesNotContain(Password, await OutputAfterKillAsync(fromFile), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_password_in_the_url_stops_the_simulator_at_once_with_where_to_put_it()
    {
        using var p = Start($"redis://:{Password}@127.0.0.1:6379", [], envPassword: null);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await p.WaitForExitAsync(deadline.Token);
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        Assert.Equal(2, p.ExitCode);
        Assert.Contains(SimulateIntoArguments.PasswordVariable, output, StringComparison.Ordinal);
        Assert.Contains(SimulateIntoArguments.PasswordFileOption, output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
    }
}
