using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Syslog;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Logs;
using OnlineConsole.Core.Network;
using OnlineConsole.Tests.Support;
using LogEntry = OnlineConsole.Core.Logs.LogEntry;

namespace OnlineConsole.Tests.Syslog;

/// <summary>
/// The syslog receiver with real senders: util-linux `logger` over UDP and TCP in both formats and framings, a real
/// `rsyslog` forwarding to it, and damaged datagrams and frames that are counted and refused while the good ones
/// around them still arrive. A pattern match raises an alarm on the sending device and its Clear text ends it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SyslogCollectorTests : IAsyncLifetime
{
    private readonly LiveStore _store = TestStores.Create(TimeProvider.System);
    private readonly CapturingLoggerProvider _logs = new();
    private LoggerFactory _loggerFactory = null!;
    private SyslogCollector _collector = null!;
    private int _udp, _tcp;

    public async Task InitializeAsync()
    {
        _loggerFactory = new LoggerFactory([_logs]);
        // The loopback sender is a known switch: lines are matched to it by address.
        _store.Network.Replace(new NetworkSnapshot([new NetworkDevice("leaf07", DeviceRole.EdgeSwitch, "127.0.0.1", true, [], new SourceStamp("test", DateTimeOffset.UtcNow))], []),
            new SourceStamp("test", DateTimeOffset.UtcNow));
        _collector = new SyslogCollector(_store, Options.Create(new SyslogOptions
        {
            Enabled = true, BindAddress = "127.0.0.1", UdpPort = FreePort(), TcpPort = FreeTcpPort(), ReceiveBufferBytes = 1 << 20, MaxMessageBytes = 4096,
        }), _store.Alarms, _loggerFactory.CreateLogger<SyslogCollector>());
        await _collector.StartAsync(CancellationToken.None);
        (_udp, _tcp) = await _collector.Bound.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(_udp > 0 && _tcp > 0);
    }

    public async Task DisposeAsync()
    {
        await _collector.StopAsync(CancellationToken.None);
        _collector.Dispose();
        _loggerFactory.Dispose();
    }

    private IReadOnlyList<LogEntry> Lines => _store.Logs.Since(0).Entries;

    private async Task<LogEntry> LineAsync(string text)
    {
        await Poll.UntilAsync(() => Lines.Any(l => l.Text == text), TimeSpan.FromSeconds(10), "the line '" + text + "'");
        return Lines.Single(l => l.Text == text);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {err}");
    }

    [Fact]
    public async Task Logger_lines_over_udp_and_tcp_in_both_formats_and_framings_arrive_parsed_and_matched_to_the_switch()
    {
        await RunAsync("logger", "--rfc3164", "--udp", "-n", "127.0.0.1", "-P", P(_udp), "-p", "local7.err", "-t", "switchd", "bsd over udp");
        var bsd = await LineAsync("bsd over udp");
        Assert.Equal((LogOrigin.Syslog, LogSeverity.Error, 23, "switchd", "leaf07"), (bsd.Origin, bsd.Severity, bsd.Facility, bsd.Process, bsd.Device));
        Assert.Equal(Environment.MachineName, bsd.Host, ignoreCase: true);
        Assert.InRange(bsd.Time, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));

        await RunAsync("logger", "--rfc5424", "--udp", "-n", "127.0.0.1", "-P", P(_udp), "-p", "auth.warning", "-t", "sshd", "--msgid", "LOGIN",
            "--sd-id", "origin@32473", "--sd-param", "ip=\"10.1.2.3\"", "5424 over udp");
        var ietf = await LineAsync("5424 over udp");
        Assert.Equal((LogSeverity.Warning, 4, "sshd"), (ietf.Severity, ietf.Facility, ietf.Process));
        Assert.Contains("msgid=LOGIN", ietf.Detail, StringComparison.Ordinal);
        Assert.Contains("[origin@32473 ip=\"10.1.2.3\"]", ietf.Detail, StringComparison.Ordinal);
        Assert.StartsWith("syslog/udp", ietf.Via, StringComparison.Ordinal);

        await RunAsync("logger", "--rfc5424", "--tcp", "-n", "127.0.0.1", "-P", P(_tcp), "-p", "daemon.notice", "-t", "lldpd", "5424 over tcp, LF framed");
        var lf = await LineAsync("5424 over tcp, LF framed");
        Assert.Equal((LogSeverity.Notice, "lldpd"), (lf.Severity, lf.Process));
        Assert.StartsWith("syslog/tcp", lf.Via, StringComparison.Ordinal);

        await RunAsync("logger", "--rfc5424", "--tcp", "--octet-count", "-n", "127.0.0.1", "-P", P(_tcp), "-t", "switchd", "5424 over tcp, octet counted");
        await LineAsync("5424 over tcp, octet counted");
        await RunAsync("logger", "--rfc3164", "--tcp", "-n", "127.0.0.1", "-P", P(_tcp), "-t", "switchd", "bsd over tcp");
        await LineAsync("bsd over tcp");
        Assert.Equal(5, _collector.Health.Snapshot().Received);
        Assert.Equal(0, _collector.Health.Snapshot().Malformed);
    }

    [Fact]
    public async Task A_real_rsyslog_forwards_to_the_console_over_tcp_and_udp()
    {
        var dir = Directory.CreateTempSubdirectory("oc-rsyslog-");
        var input = FreePort();
        var conf = Path.Combine(dir.FullName, "rsyslog.conf");
        // No system inputs (no journal, no kernel log): just what the test sends, forwarded in both formats.
        await File.WriteAllTextAsync(conf, $$"""
            global(workDirectory="{{dir.FullName}}")
            module(load="imudp")
            input(type="imudp" address="127.0.0.1" port="{{input}}")
            action(type="omfwd" target="127.0.0.1" port="{{_tcp}}" protocol="tcp" tcp_framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")
            action(type="omfwd" target="127.0.0.1" port="{{_udp}}" protocol="udp" template="RSYSLOG_ForwardFormat")

            """);
        var psi = new ProcessStartInfo("rsyslogd") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-n", "-f", conf, "-i", Path.Combine(dir.FullName, "rsyslogd.pid") }) psi.ArgumentList.Add(a);
        using var rsyslog = Process.Start(psi)!;
        try
        {
            var sent = 0;
            // rsyslog needs a moment to open its input; the first lines may go nowhere, so send until one arrives.
            await Poll.UntilAsync(async () =>
            {
                await RunAsync("logger", "--rfc3164", "--udp", "-n", "127.0.0.1", "-P", P(input), "-p", "local0.crit", "-t", "psu-monitor", "through rsyslog " + sent++);
                var through = Lines.Where(l => l.Text.StartsWith("through rsyslog", StringComparison.Ordinal)).ToList();
                return through.Any(l => l.Via.StartsWith("syslog/tcp", StringComparison.Ordinal)) && through.Any(l => l.Via.StartsWith("syslog/udp", StringComparison.Ordinal));
            }, TimeSpan.FromSeconds(20), "a line forwarded by rsyslog over both transports");
            var forwarded = Lines.Where(l => l.Text.StartsWith("through rsyslog", StringComparison.Ordinal)).ToList();
            Assert.Contains(forwarded, l => l.Via.StartsWith("syslog/tcp", StringComparison.Ordinal));
            Assert.Contains(forwarded, l => l.Via.StartsWith("syslog/udp", StringComparison.Ordinal));
            Assert.All(forwarded, l => Assert.Equal((LogSeverity.Critical, 16, "psu-monitor", "leaf07"), (l.Severity, l.Facility, l.Process, l.Device)));
            Assert.Equal(0, _collector.Health.Snapshot().Malformed);
        }
        finally
        {
            rsyslog.Kill(entireProcessTree: true);
            await rsyslog.WaitForExitAsync();
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Truncated_oversized_and_non_utf8_input_is_counted_as_malformed_and_the_good_lines_around_it_arrive()
    {
        using var udp = new UdpClient();
        var to = new IPEndPoint(IPAddress.Loopback, _udp);
        byte[][] bad =
        [
            "<13>1 2026-12-07T06:00:00Z"u8.ToArray(),                 // truncated header
            Encoding.ASCII.GetBytes("<13>" + new string('x', 5000)), // over MaxMessageBytes
            [(byte)'<', (byte)'1', (byte)'3', (byte)'>', 0xff, 0xfe, 0x41], // not UTF-8
            "no priority at all"u8.ToArray(),
            "<999>too high"u8.ToArray(),
        ];
        await udp.SendAsync("<14>Dec  7 06:00:00 leaf07 switchd: before"u8.ToArray(), to);
        foreach (var b in bad) await udp.SendAsync(b, to);
        await udp.SendAsync("<14>Dec  7 06:00:01 leaf07 switchd: after"u8.ToArray(), to);
        await LineAsync("before");
        await LineAsync("after");
        await Poll.UntilAsync(() => _collector.Health.Snapshot().Malformed == bad.Length, TimeSpan.FromSeconds(5), "5 malformed datagrams counted");
        Assert.Equal(bad.Length, _collector.Health.Snapshot().MalformedBy["127.0.0.1"]);

        // TCP: an octet count over the limit is skipped whole, the frame after it is read.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _tcp);
        var stream = tcp.GetStream();
        var huge = "<14>1 - leaf07 switchd - - - " + new string('y', 6000);
        var good = "<14>1 2026-12-07T06:00:02Z leaf07 switchd - - - after the huge frame";
        var bytes = Encoding.ASCII.GetBytes($"{huge.Length} {huge}{good.Length} {good}");
        // In pieces, as a stream may deliver it.
        for (var i = 0; i < bytes.Length; i += 1000) await stream.WriteAsync(bytes.AsMemory(i, Math.Min(1000, bytes.Length - i)));
        await stream.WriteAsync("12 <14>1 - - -"u8.ToArray());
        tcp.Close();
        await LineAsync("after the huge frame");
        // The huge frame, and the connection closing inside the last one.
        await Poll.UntilAsync(() => _collector.Health.Snapshot().Malformed == bad.Length + 2, TimeSpan.FromSeconds(5), "the huge frame and the cut one counted");
        Assert.Contains(_logs.Entries, e => e.Message.Contains("was refused", StringComparison.Ordinal));
        Assert.Equal(Core.Collectors.CollectorState.Running, _collector.Health.State);
    }

    [Fact]
    public async Task A_fan_failure_raises_an_alarm_on_the_switch_and_the_fan_coming_back_clears_it()
    {
        using var udp = new UdpClient();
        var to = new IPEndPoint(IPAddress.Loopback, _udp);
        await udp.SendAsync("<10>Dec  7 06:00:00 leaf07 pmon: Fan tray 2 failed, speed 0 rpm"u8.ToArray(), to);
        await Poll.UntilAsync(() => _store.Alarms.Snapshot().Alarms.Any(a => a.Key == "syslog/fan/leaf07" && a.Active), TimeSpan.FromSeconds(10), "the fan alarm");
        var alarm = _store.Alarms.Snapshot().Alarms.Single(a => a.Key == "syslog/fan/leaf07");
        Assert.Equal(("device:leaf07", "syslog", "syslog.pattern", Core.Alarms.AlarmSeverity.Major), (alarm.Subject, alarm.Source, alarm.Rule, alarm.Severity));
        Assert.Contains("Fan tray 2 failed", alarm.Message, StringComparison.Ordinal);
        Assert.Contains(alarm.Links, l => l.Href == "/logs?device=leaf07");
        await udp.SendAsync("<14>Dec  7 06:01:00 leaf07 pmon: Fan tray 2 OK, speed 9000 rpm"u8.ToArray(), to);
        await Poll.UntilAsync(() => _store.Alarms.Snapshot().Alarms.Single(a => a.Key == "syslog/fan/leaf07").Active == false, TimeSpan.FromSeconds(10), "the fan alarm cleared");
    }

    private static string P(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int FreeTcpPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static int FreePort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
