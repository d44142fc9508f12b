using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OnlineConsole.Tests.Supervisor;

/// <summary>A TCP server on 127.0.0.1 that answers each connection with a fixed byte string, then closes.</summary>
internal sealed class FakeSupervisord : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeSupervisord(Func<string, string> reply)
    {
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient c;
                try { c = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (OperationCanceledException) { return; }
                using (c)
                {
                    var s = c.GetStream();
                    var buf = new byte[64 * 1024];
                    var request = new StringBuilder();
                    // Read until the body named by Content-Length has arrived.
                    while (true)
                    {
                        var n = await s.ReadAsync(buf);
                        if (n == 0) break;
                        request.Append(Encoding.UTF8.GetString(buf, 0, n));
                        var t = request.ToString();
                        var h = t.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                        if (h < 0) continue;
                        var cl = t.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.Ordinal));
                        var len = cl is null ? 0 : int.Parse(cl["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                        if (t.Length - h - 4 >= len) break;
                    }
                    LastRequest = request.ToString();
                    await s.WriteAsync(Encoding.UTF8.GetBytes(reply(LastRequest)));
                }
            }
        });
    }

    public string? LastRequest { get; private set; }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/RPC2");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        catch (SocketException) { }
        _stop.Dispose();
    }

    public static string Http(string body, int status = 200) =>
        $"HTTP/1.0 {status} OK\r\nContent-Type: text/xml\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
}
