using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using OnlineConsole.Collectors.Snmp;

namespace OnlineConsole.Tests.Snmp;

/// <summary>A scripted SNMPv2c agent on a loopback UDP socket, for client behaviour that a real agent cannot show on demand.</summary>
internal sealed class FakeAgent : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    /// <summary>Datagrams received and not yet read.</summary>
    public int Queued => _udp.Available;

    public SnmpV2cTarget Target(string community = "public") => new(EndPoint, community);

    /// <summary>When each request that <see cref="Serve"/> answered arrived, with its PDU.</summary>
    public ConcurrentQueue<(DateTimeOffset At, SnmpPdu Request)> Served { get; } = new();

    /// <summary>
    /// What <see cref="Serve"/> sends for a request: by default its one encoded reply. A hostile agent returns the
    /// reply damaged, several times, or with another request id.
    /// </summary>
    public Func<SnmpPdu, byte[], IEnumerable<byte[]>> Mangle { get; set; } = (_, reply) => [reply];

    public async Task<(SnmpPdu Pdu, IPEndPoint From)> ReceiveAsync()
    {
        var (message, from) = await ReceiveMessageAsync();
        return (((CommunityMessage)message).Pdu, from);
    }

    public async Task<(SnmpMessage Message, IPEndPoint From)> ReceiveMessageAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = await _udp.ReceiveAsync(deadline.Token);
        return (SnmpCodec.Decode(received.Buffer), received.RemoteEndPoint);
    }

    public async Task SendAsync(byte[] datagram, IPEndPoint to) => await _udp.SendAsync(datagram, to);

    public Task ReplyAsync(SnmpPdu request, IPEndPoint to, IReadOnlyList<VarBind> varBinds, int errorStatus = 0, int errorIndex = 0) =>
        ReplyAsync(request.RequestId, to, varBinds, errorStatus, errorIndex);

    public Task ReplyAsync(int requestId, IPEndPoint to, IReadOnlyList<VarBind> varBinds, int errorStatus = 0, int errorIndex = 0) =>
        SendAsync(SnmpCodec.EncodeCommunity("public"u8, new SnmpPdu(PduType.GetResponse, requestId, errorStatus, errorIndex, varBinds)), to);

    /// <summary>Answers GET, GETNEXT and GETBULK from <paramref name="mib"/> until disposed.</summary>
    public void Serve(IEnumerable<VarBind> mib)
    {
        var sorted = mib.OrderBy(v => v.Oid).ToArray();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                UdpReceiveResult received;
                try
                {
                    received = await _udp.ReceiveAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }
                var request = ((CommunityMessage)SnmpCodec.Decode(received.Buffer)).Pdu;
                Served.Enqueue((DateTimeOffset.UtcNow, request));
                var reply = SnmpCodec.EncodeCommunity("public"u8, new SnmpPdu(PduType.GetResponse, request.RequestId, 0, 0, Answer(sorted, request)));
                try
                {
                    foreach (var datagram in Mangle(request, reply)) await SendAsync(datagram, received.RemoteEndPoint);
                }
                catch (Exception e) when (e is ObjectDisposedException or SocketException)
                {
                    return;
                }
            }
        });
    }

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
        _stop.Dispose();
    }

    private static List<VarBind> Answer(VarBind[] mib, SnmpPdu request)
    {
        var oids = request.VarBinds.Select(v => v.Oid).ToList();
        switch (request.Type)
        {
            case PduType.GetRequest:
                return [.. oids.Select(oid => mib.FirstOrDefault(v => v.Oid == oid) is { Oid: not null } found ? found : new VarBind(oid, SnmpValue.NoSuchObject))];
            case PduType.GetNextRequest:
                return [.. oids.Select(oid => Next(mib, oid))];
            default:
                // GETBULK (RFC 3416 4.2.3): non-repeaters once, then the repeaters row by row.
                int nonRepeaters = Math.Min(request.ErrorStatus, oids.Count);
                var result = oids.Take(nonRepeaters).Select(oid => Next(mib, oid)).ToList();
                var cursors = oids.Skip(nonRepeaters).ToArray();
                for (int row = 0; row < request.ErrorIndex && cursors.Length > 0; row++)
                {
                    for (int i = 0; i < cursors.Length; i++)
                    {
                        var next = Next(mib, cursors[i]);
                        result.Add(next);
                        cursors[i] = next.Oid;
                    }
                }
                return result;
        }
    }

    private static VarBind Next(VarBind[] mib, Oid oid) =>
        mib.FirstOrDefault(v => v.Oid > oid) is { Oid: not null } next ? next : new VarBind(oid, SnmpValue.EndOfMibView);
}
