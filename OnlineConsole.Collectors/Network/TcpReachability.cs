using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OnlineConsole.Collectors.Network;

/// <summary>Reachability by TCP connect: an answer of any kind, including a refusal, means the host is up.</summary>
public static class TcpReachability
{
    public static async Task<bool> ProbeAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken ct) =>
        await MeasureAsync(address, port, timeout, ct) is not null;

    /// <summary>The time to the answer (the connect or the refusal), or null when none came within <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan?> MeasureAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken ct)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await socket.ConnectAsync(address, port, deadline.Token);
            return Stopwatch.GetElapsedTime(started);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return Stopwatch.GetElapsedTime(started);
        }
        catch (SocketException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }
}
