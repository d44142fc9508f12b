using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnlineConsole.Collectors.Hosting;
using OnlineConsole.Core.Alarms;
using OnlineConsole.Core.Collectors;
using OnlineConsole.Core.Live;
using OnlineConsole.Core.Logs;

namespace OnlineConsole.Collectors.Syslog;

/// <summary>
/// Receives syslog over UDP (one message a datagram) and TCP (RFC 6587 octet counting or LF-terminated frames),
/// parses RFC 5424 and RFC 3164, matches the sender to a known switch or server and appends the lines to the log
/// ring. Every message is counted once: received (parsed) or malformed (by sender), or dropped when the store falls
/// behind. Lines matching a pattern raise alarms on the device through the alarm ingest.
/// </summary>
public sealed class SyslogCollector : CollectorService
{
    public const string Source = "syslog";

    // Devices send to one address: the replica holding the lease listens, the others get the lines over the replica bus.
    protected override bool HolderOnly => true;
    private const int QueueCapacity = 100_000;

    private readonly SyslogOptions _options;
    private readonly IAlarmIngest _alarms;
    private readonly ILogger<SyslogCollector> _logger;
    private readonly TimeZoneInfo _legacyZone;
    private readonly MalformedLog _malformedLog = new();
    private readonly Channel<Received> _queue = Channel.CreateBounded<Received>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
    private readonly TaskCompletionSource<(int Udp, int Tcp)> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connections;

    public SyslogCollector(LiveStore store, IOptions<SyslogOptions> options, IAlarmIngest alarms, ILogger<SyslogCollector> logger)
        : base(store, logger, "syslog", Source, TimeSpan.FromSeconds(1))
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _alarms = alarms;
        _logger = logger;
        _legacyZone = TimeZoneInfo.FindSystemTimeZoneById(_options.LegacyTimeZone);
    }

    /// <summary>The ports bound once listening (0 for a transport turned off).</summary>
    public Task<(int Udp, int Tcp)> Bound => _bound.Task;

    private sealed record Received(SyslogMessage Message, string Address, string Via, DateTimeOffset At);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var address = IPAddress.Parse(_options.BindAddress);
        using var udp = _options.UdpPort > 0 ? new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) : null;
        using var tcp = _options.TcpPort > 0 ? new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) : null;
        if (udp is not null)
        {
            udp.ReceiveBufferSize = _options.ReceiveBufferBytes;
            udp.Bind(new IPEndPoint(address, _options.UdpPort));
            if (udp.ReceiveBufferSize < _options.ReceiveBufferBytes)
                _logger.LogWarning("Syslog: the UDP receive buffer is {Actual} bytes, not the {Asked} asked: raise net.core.rmem_max (see the README)", udp.ReceiveBufferSize, _options.ReceiveBufferBytes);
        }
        if (tcp is not null)
        {
            tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            tcp.Bind(new IPEndPoint(address, _options.TcpPort));
            tcp.Listen(128);
        }
        var udpPort = (udp?.LocalEndPoint as IPEndPoint)?.Port ?? 0;
        var tcpPort = (tcp?.LocalEndPoint as IPEndPoint)?.Port ?? 0;
        _bound.TrySetResult((udpPort, tcpPort));
        _logger.LogInformation("Syslog: listening on {Address} udp/{Udp} tcp/{Tcp}", address, udpPort, tcpPort);
        Health.Succeeded(Time.GetUtcNow());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var tasks = new List<Task> { WriteAsync(stop.Token) };
        if (udp is not null) tasks.Add(ReceiveUdpAsync(udp, stop.Token));
        if (tcp is not null) tasks.Add(AcceptAsync(tcp, stop.Token));
        try
        {
            // The first to end (a socket failing) ends the others; the base retries with a fresh bind.
            await await Task.WhenAny(tasks);
        }
        finally
        {
            await stop.CancelAsync();
            udp?.Close();
            tcp?.Close();
            await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)));
        }
    }

    private async Task ReceiveUdpAsync(Socket socket, CancellationToken ct)
    {
        // Larger than any datagram, so none is cut by the read; oversized ones are refused whole.
        var buffer = new byte[65_536];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        for (var n = 1L; !ct.IsCancellationRequested; n++)
        {
            var r = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, ct);
            var from = ((IPEndPoint)r.RemoteEndPoint).Address.ToString();
            Accept(buffer.AsSpan(0, r.ReceivedBytes), from, "syslog/udp");
            if ((n & 1023) == 0) Health.SetGauge(CollectorGauges.SocketQueue, socket.Available);
        }
    }

    private async Task AcceptAsync(Socket listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var client = await listener.AcceptAsync(ct);
            if (Interlocked.Increment(ref _connections) > _options.MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                client.Dispose();
                Health.CountDropped();
                continue;
            }
            Health.SetGauge(CollectorGauges.Connections, Volatile.Read(ref _connections));
            _ = ServeAsync(client, ct);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken ct)
    {
        var from = (client.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "?";
        var reader = new SyslogFrameReader(_options.MaxMessageBytes);
        var buffer = new byte[16_384];
        try
        {
            using (client)
            {
                while (!ct.IsCancellationRequested)
                {
                    var n = await client.ReceiveAsync(buffer, SocketFlags.None, ct);
                    if (n == 0) break;
                    foreach (var frame in reader.Feed(buffer.AsSpan(0, n)))
                    {
                        if (frame.Error is { } error) Malformed(from, error, frame.Payload);
                        else Accept(frame.Payload, from, "syslog/tcp");
                    }
                }
                if (reader.Pending > 0) Malformed(from, $"the connection closed inside a frame ({reader.Pending} bytes)", []);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A sender going away is normal; what it sent before is kept.
        }
        finally
        {
            Health.SetGauge(CollectorGauges.Connections, Interlocked.Decrement(ref _connections));
        }
    }

    private void Accept(ReadOnlySpan<byte> bytes, string from, string via)
    {
        if (bytes.Length > _options.MaxMessageBytes)
        {
            Malformed(from, $"{bytes.Length} bytes, more than Syslog:MaxMessageBytes ({_options.MaxMessageBytes})", bytes[..200]);
            return;
        }
        var now = Time.GetUtcNow();
        if (!SyslogParser.TryParse(bytes, _legacyZone, now, out var message, out var error))
        {
            Malformed(from, error, bytes);
            return;
        }
        if (_queue.Writer.TryWrite(new Received(message!, from, via, now))) Health.CountReceived();
        else Health.CountDropped();
    }

    private void Malformed(string from, string error, ReadOnlySpan<byte> bytes)
    {
        Health.CountMalformed(from, 1);
        if (!_malformedLog.ShouldLog(from, Time.GetUtcNow())) return;
        var example = System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 120)]);
        _logger.LogWarning("Syslog: a message from {Sender} was refused: {Error}; starts {Example} (further ones from this sender are counted, logged again in a minute)", from, error, example);
    }

    private async Task WriteAsync(CancellationToken ct)
    {
        var devices = new DeviceDirectory(Store.Network);
        var alarms = new SyslogAlarms(_options.EffectivePatterns(), _options.AlarmHold);
        var batch = new List<LogEntry>(2_000);
        var reader = _queue.Reader;
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
        var ticking = tick.WaitForNextTickAsync(ct).AsTask();
        var waiting = reader.WaitToReadAsync(ct).AsTask();
        while (!ct.IsCancellationRequested)
        {
            var done = await Task.WhenAny(waiting, ticking);
            while (batch.Count < 2_000 && reader.TryRead(out var r)) batch.Add(ToEntry(r, devices));
            if (batch.Count > 0)
            {
                Store.Logs.Append(batch);
                Submit(alarms.Evaluate(batch, Time.GetUtcNow()));
                batch = new List<LogEntry>(2_000);
            }
            if (done == ticking)
            {
                if (!await ticking) break;
                ticking = tick.WaitForNextTickAsync(ct).AsTask();
                Submit(alarms.Evaluate([], Time.GetUtcNow()));
                Health.Succeeded(Time.GetUtcNow());
            }
            else
            {
                if (!await waiting) break;
                waiting = reader.WaitToReadAsync(ct).AsTask();
            }
        }
    }

    private void Submit(List<AlarmSignal> signals)
    {
        if (signals.Count == 0) return;
        var result = _alarms.Submit(signals);
        foreach (var e in result.Errors) _logger.LogWarning("Syslog: an alarm was refused: {Error}", e);
    }

    private static LogEntry ToEntry(Received r, DeviceDirectory devices)
    {
        var m = r.Message;
        var detail = string.Join(" ", new[] { m.ProcId is { } p ? "pid=" + p : null, m.MsgId is { } id ? "msgid=" + id : null, m.StructuredData }.Where(x => x is not null));
        return new LogEntry(m.Time ?? r.At, LogOrigin.Syslog, (LogSeverity)m.Severity, m.Hostname ?? r.Address, m.Text)
        {
            Process = m.AppName,
            Device = devices.Match(r.Address, m.Hostname),
            Facility = m.Facility,
            Detail = detail.Length == 0 ? null : detail,
            Via = r.Via + " " + r.Address,
            Received = r.At,
        };
    }
}
