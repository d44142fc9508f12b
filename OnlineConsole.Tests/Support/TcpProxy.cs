using System.Net;
using System.Net.Sockets;

namespace OnlineConsole.Tests.Support;

/// <summary>
/// A loopback TCP relay to a local port whose connections a test can cut, to simulate a network drop while
/// both ends stay alive.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _cts = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accept;

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accept = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Closes every relayed connection (new ones are still accepted).</summary>
    public void DropAll()
    {
        lock (_open)
        {
            foreach (var c in _open) c.Dispose();
            _open.Clear();
        }
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var inbound = await _listener.AcceptTcpClientAsync(_cts.Token);
                var outbound = new TcpClient();
                await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _cts.Token);
                lock (_open)
                {
                    _open.Add(inbound);
                    _open.Add(outbound);
                }
                _ = PumpAsync(inbound, outbound);
                _ = PumpAsync(outbound, inbound);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        catch (SocketException)
        {
            // Listener stopped.
        }
    }

    private volatile TaskCompletionSource? _paused;

    /// <summary>Holds every byte in both directions (connections stay open and new ones are accepted): a peer that hangs.</summary>
    public void Pause() => _paused ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Resume() => Interlocked.Exchange(ref _paused, null)?.TrySetResult();

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            var buffer = new byte[16 * 1024];
            var input = from.GetStream();
            var output = to.GetStream();
            int n;
            while ((n = await input.ReadAsync(buffer, _cts.Token)) > 0)
            {
                if (_paused is { } paused) await paused.Task.WaitAsync(_cts.Token);
                await output.WriteAsync(buffer.AsMemory(0, n), _cts.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            // Dropped.
        }
        from.Dispose();
        to.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _listener.Stop();
        DropAll();
        await _accept;
        _cts.Dispose();
    }
}
