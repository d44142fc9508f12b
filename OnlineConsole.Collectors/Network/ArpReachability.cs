using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace OnlineConsole.Collectors.Network;

/// <summary>
/// Reachability by ARP: a who-has request for the target, broadcast on the interface whose directly attached network
/// holds it, timed to the reply. Sent over a Linux AF_PACKET raw socket (root or CAP_NET_RAW), since the kernel's
/// own neighbour table neither times an answer nor asks again while its entry is fresh.
/// </summary>
public static class ArpReachability
{
    private const ushort EtherTypeArp = 0x0806;
    private const int EthernetHeader = 14;

    /// <summary>Ethernet header and the 28-byte ARP packet for IPv4 over Ethernet.</summary>
    public const int FrameLength = EthernetHeader + 28;

    // Targets asked for lately, by a probe here or by the kernel (its requests pass the socket too): a reply from one
    // of them answers that question, not a wrong one to ours.
    private static readonly ConcurrentDictionary<IPAddress, long> Asked = new();
    private const int MaxAsked = 4_096;

    /// <summary>The who-has frame for <paramref name="target"/>, broadcast from <paramref name="from"/>.</summary>
    public static byte[] Request(ArpInterface from, IPAddress target)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(target);
        var f = new byte[FrameLength];
        var mac = from.Mac.GetAddressBytes();
        f.AsSpan(0, 6).Fill(0xff);
        mac.CopyTo(f, 6);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), EtherTypeArp);
        // Hardware Ethernet (1), protocol IPv4, lengths 6 and 4, operation request (1).
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(14), 1);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(16), 0x0800);
        f[18] = 6;
        f[19] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(20), 1);
        mac.CopyTo(f, 22);
        from.Address.GetAddressBytes().CopyTo(f, 28);
        target.GetAddressBytes().CopyTo(f, 38);
        return f;
    }

    /// <summary>Classifies a frame received on <paramref name="on"/> while waiting for <paramref name="target"/>; <paramref name="about"/> is the sender or asked-for address.</summary>
    public static ArpFrame Classify(ReadOnlySpan<byte> frame, ArpInterface on, IPAddress target, out IPAddress? about)
    {
        ArgumentNullException.ThrowIfNull(on);
        about = null;
        if (frame.Length < EthernetHeader || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != EtherTypeArp) return ArpFrame.Other;
        var mac = on.Mac.GetAddressBytes();
        var toUs = frame[..6].SequenceEqual(mac);
        if (frame.Length < FrameLength || BinaryPrimitives.ReadUInt16BigEndian(frame[14..]) != 1 || BinaryPrimitives.ReadUInt16BigEndian(frame[16..]) != 0x0800
            || frame[18] != 6 || frame[19] != 4)
            return toUs ? ArpFrame.Malformed : ArpFrame.Other;
        var operation = BinaryPrimitives.ReadUInt16BigEndian(frame[20..]);
        if (operation == 1 && frame.Slice(22, 6).SequenceEqual(mac))
        {
            about = new IPAddress(frame.Slice(38, 4));
            return ArpFrame.Asked;
        }
        // Replies broadcast (gratuitous) or to another of this host's addresses answer no probe.
        if (operation != 2 || !toUs || !frame.Slice(32, 6).SequenceEqual(mac) || !frame.Slice(38, 4).SequenceEqual(on.Address.GetAddressBytes())) return ArpFrame.Other;
        about = new IPAddress(frame.Slice(28, 4));
        return about.Equals(target) ? ArpFrame.Answer : ArpFrame.OtherSender;
    }

    /// <summary>
    /// The round trip to the target's reply (null when none came within <paramref name="timeout"/>) and the bad
    /// replies meanwhile: truncated or garbled frames to this host, and replies from addresses nobody here asked for.
    /// </summary>
    /// <exception cref="SocketException">No packet socket (not root, no CAP_NET_RAW) or the interface is gone.</exception>
    public static async Task<(TimeSpan? Rtt, int Malformed)> ProbeAsync(ArpInterface on, IPAddress target, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(on);
        ArgumentNullException.ThrowIfNull(target);
        // Raw until bound: binding with the ARP ethertype is what selects the frames the socket receives.
        using var socket = new Socket(AddressFamily.Packet, SocketType.Raw, ProtocolType.Raw);
        socket.Bind(new LinkEndPoint(EtherTypeArp, on.Index));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var buffer = new byte[1514];
        var malformed = 0;
        var started = Stopwatch.GetTimestamp();
        Asked[target] = started;
        try
        {
            await socket.SendAsync(Request(on, target), SocketFlags.None, deadline.Token);
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                var frame = Classify(buffer.AsSpan(0, n), on, target, out var about);
                if (frame == ArpFrame.Answer) return (Stopwatch.GetElapsedTime(started), malformed);
                if (frame == ArpFrame.Asked) Asked[about!] = Stopwatch.GetTimestamp();
                else if (frame == ArpFrame.Malformed || (frame == ArpFrame.OtherSender && !(Asked.TryGetValue(about!, out var at) && Stopwatch.GetElapsedTime(at) <= timeout)))
                    malformed++;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, malformed);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.NetworkDown or SocketError.NoBufferSpaceAvailable)
        {
            // The interface is set down or dropped the request: none left, the target counts as lost.
            return (null, malformed);
        }
        finally
        {
            // The kernel's requests add one entry per neighbour it asked for: past a few thousand, the stale ones go.
            if (Asked.Count > MaxAsked)
                foreach (var (address, at) in Asked)
                    if (Stopwatch.GetElapsedTime(at) > timeout) Asked.TryRemove(address, out _);
        }
    }

    /// <summary>A sockaddr_ll: ethertype and interface index (.NET has no end point for AF_PACKET).</summary>
    private sealed class LinkEndPoint(ushort protocol, int ifIndex) : EndPoint
    {
        // sll_family (2), sll_protocol (2, network order), sll_ifindex (4), sll_hatype (2), sll_pkttype, sll_halen, sll_addr (8).
        private const int Size = 20;

        public override AddressFamily AddressFamily => AddressFamily.Packet;

        public override SocketAddress Serialize()
        {
            var a = new SocketAddress(AddressFamily.Packet, Size);
            var span = a.Buffer.Span;
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], protocol);
            // The index in host order, as the kernel reads it.
            MemoryMarshal.Write(span[4..], in ifIndex);
            return a;
        }

        public override EndPoint Create(SocketAddress socketAddress)
        {
            ArgumentNullException.ThrowIfNull(socketAddress);
            var span = socketAddress.Buffer.Span;
            return new LinkEndPoint(BinaryPrimitives.ReadUInt16BigEndian(span[2..]), MemoryMarshal.Read<int>(span[4..]));
        }
    }
}
