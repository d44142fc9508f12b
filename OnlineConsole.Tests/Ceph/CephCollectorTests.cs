using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Ceph;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Services;
using OnlineConsole.Tests.Support;

namespace OnlineConsole.Tests.Ceph;

/// <summary>
/// The Ceph collector against a real single-monitor cluster (Debian's ceph-mon, started by the test on a free
/// port, ready in ~3 s): HEALTH_OK, a flag set (HEALTH_WARN with its check), the monitor's disk declared critical
/// (HEALTH_ERR), the monitor gone (down with the tool's own words), and output that is not ceph's.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CephCollectorTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("oc-ceph-").FullName;
    private readonly int _port = AppProcess.FreeTcpPort();
    private readonly LiveStore _store = TestStores.Create(TimeProvider.System);
    private Process? _mon;

    private string Conf => Path.Combine(_dir, "ceph.conf");

    public async Task InitializeAsync()
    {
        var fsid = Guid.NewGuid().ToString();
        // No cephx (the test's cluster is on 127.0.0.1 only); the disk thresholds low, so this machine's disk reads as fine.
        await File.WriteAllTextAsync(Conf, $"""
            [global]
            fsid = {fsid}
            mon host = v1:127.0.0.1:{_port}
            mon initial members = a
            auth cluster required = none
            auth service required = none
            auth client required = none
            mon data = {_dir}/mon/$cluster-$id
            run dir = {_dir}
            log file = {_dir}/$name.log
            admin socket = {_dir}/$name.asok
            ms bind msgr2 = false
            mon data avail warn = 1
            mon data avail crit = 0

            """);
        Directory.CreateDirectory(Path.Combine(_dir, "mon"));
        await Run("/usr/bin/ceph-authtool", "--create-keyring", $"{_dir}/keyring", "--gen-key", "-n", "mon.", "--cap", "mon", "allow *");
        await Run("/usr/bin/monmaptool", "--create", "--addv", "a", $"[v1:127.0.0.1:{_port}]", "--fsid", fsid, $"{_dir}/monmap");
        await Run("/usr/bin/ceph-mon", "-c", Conf, "--mkfs", "-i", "a", "--monmap", $"{_dir}/monmap", "--keyring", $"{_dir}/keyring");
        _mon = Process.Start(new ProcessStartInfo("/usr/bin/ceph-mon", ["-c", Conf, "-i", "a", "-f"]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("ceph-mon did not start");
    }

    public async Task DisposeAsync()
    {
        if (_mon is { HasExited: false })
        {
            _mon.Kill();
            await _mon.WaitForExitAsync();
        }
        _mon?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task Run(string file, params string[] args)
    {
        if (!File.Exists(file)) throw new InvalidOperationException($"{file} is not installed (./test.sh installs ceph-mon and ceph-common).");
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: exit {p.ExitCode}: {err}");
    }

    private Task Ceph(params string[] args) => Run("/usr/bin/ceph", ["-c", Conf, "--connect-timeout", "10", .. args]);

    private CephCollector Collector(string command = "/usr/bin/ceph", LiveStore? store = null) =>
        new(store ?? _store, Options.Create(new CephOptions { Command = command, Timeout = TimeSpan.FromSeconds(4), Clusters = [new CephClusterOptions { Name = "lab", Conf = Conf }] }),
            NullLogger<CephCollector>.Instance);

    private ServiceHealth Row => _store.Services.Snapshot().Single(s => s.Name == "ceph/lab");

    private string Fact(string key) => Row.Facts.Single(f => f.Key == key).Value;

    [Fact]
    public async Task Health_ok_warn_and_err_read_as_up_degraded_and_down_with_their_checks()
    {
        var collector = Collector();
        await Poll.UntilAsync(async () => await collector.PollOnceAsync(CancellationToken.None) == 1, TimeSpan.FromSeconds(30), "the monitor answering");
        Assert.Equal((ServiceState.Up, "HEALTH_OK"), (Row.State, Row.Detail));
        Assert.Equal("1 of 1 in quorum (a)", Fact("Ceph.Fact.Mons"));
        Assert.Equal("0 up, 0 in, of 0", Fact("Ceph.Fact.Osds"));
        Assert.Equal("none", Fact("Ceph.Fact.Checks"));

        await Ceph("osd", "set", "noout");
        Assert.Equal(1, await collector.PollOnceAsync(CancellationToken.None));
        Assert.Equal((ServiceState.Degraded, "HEALTH_WARN: noout flag(s) set"), (Row.State, Row.Detail));
        Assert.Equal("OSDMAP_FLAGS: noout flag(s) set", Fact("Ceph.Fact.Checks"));

        // Every disk is below 99 % free: the monitor calls its own store critically low.
        // (At run time, through the monitor itself: ceph.conf's own value outranks the central config.)
        await Ceph("tell", "mon.a", "config", "set", "mon_data_avail_crit", "99");
        await Poll.UntilAsync(async () => await collector.PollOnceAsync(CancellationToken.None) == 1 && Row.State == ServiceState.Down, TimeSpan.FromSeconds(30), "HEALTH_ERR");
        Assert.Matches(@"^HEALTH_ERR: mon a is very low on available space( \(\+\d more\))?$", Row.Detail!);
        Assert.StartsWith("MON_DISK_CRIT: ", Fact("Ceph.Fact.Checks"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_monitor_that_is_gone_is_down_within_the_timeout_and_output_that_is_not_ceph_is_counted()
    {
        var collector = Collector();
        await Poll.UntilAsync(async () => await collector.PollOnceAsync(CancellationToken.None) == 1, TimeSpan.FromSeconds(30), "the monitor answering");
        _mon!.Kill();
        await _mon.WaitForExitAsync();
        var watch = Stopwatch.StartNew();
        Assert.Equal(0, await collector.PollOnceAsync(CancellationToken.None));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"{watch.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(ServiceState.Down, Row.State);
        Assert.Matches("^(ceph status failed|no monitor answered)", Row.Detail!);

        // /bin/echo prints its arguments: not JSON, counted as malformed.
        var other = TestStores.Create(TimeProvider.System);
        var echo = Collector("/bin/echo", other);
        Assert.Equal(0, await echo.PollOnceAsync(CancellationToken.None));
        Assert.StartsWith("malformed status: ", other.Services.Snapshot().Single().Detail, StringComparison.Ordinal);
        Assert.Equal(1, other.Collectors.Snapshot().Single(c => c.Name == "ceph").Malformed);
    }
}
