using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace OnlineConsole.Collectors.RedisHealth;

/// <summary>
/// One INFO read over a fresh TCP connection: AUTH when a password is set, INFO, QUIT. Written here rather than
/// through the client library because that library retries a refused login in the background and reports only a
/// timeout, while an operator needs to see "wrong password" and "no answer" apart.
/// </summary>
public static class RedisInfoClient
{
    /// <exception cref="RedisRefusedException">The server answered with an error (a wrong password, say).</exception>
    /// <exception cref="IOException">The connection failed or the reply was cut or not RESP.</exception>
    /// <exception cref="SocketException">Nothing listens there.</exception>
    public static async Task<string> ReadAsync(string endpoint, string? user, string? password, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var colon = endpoint.LastIndexOf(':');
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(endpoint[..colon].Trim('[', ']'), int.Parse(endpoint.AsSpan(colon + 1), CultureInfo.InvariantCulture), ct);
        var stream = tcp.GetStream();
        var reader = new Reader(stream);
        if (password is not null)
        {
            await WriteAsync(stream, user is null ? ["AUTH", password] : ["AUTH", user, password], ct);
            await reader.ReplyAsync(ct);
        }
        await WriteAsync(stream, ["INFO"], ct);
        var info = await reader.ReplyAsync(ct);
        await WriteAsync(stream, ["QUIT"], ct);
        return info;
    }

    private static async Task WriteAsync(NetworkStream stream, string[] args, CancellationToken ct)
    {
        var sb = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var a in args) sb.Append('$').Append(Encoding.UTF8.GetByteCount(a)).Append("\r\n").Append(a).Append("\r\n");
        await stream.WriteAsync(Encoding.UTF8.GetBytes(sb.ToString()), ct);
    }

    private sealed class Reader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public async Task<string> ReplyAsync(CancellationToken ct)
        {
            var line = await LineAsync(ct);
            switch (line.Length > 0 ? line[0] : '?')
            {
                case '+':
                    return line[1..];
                case '-':
                    throw new RedisRefusedException(line[1..]);
                case '$':
                    var length = int.Parse(line.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                    if (length < 0) return "";
                    if (length > 16 << 20) throw new IOException($"a reply of {length} bytes is too large for INFO");
                    var bytes = new byte[length + 2];
                    for (var read = 0; read < bytes.Length;)
                    {
                        if (_start == _end) await FillAsync(ct);
                        var n = Math.Min(bytes.Length - read, _end - _start);
                        Array.Copy(_buffer, _start, bytes, read, n);
                        (_start, read) = (_start + n, read + n);
                    }
                    return Encoding.UTF8.GetString(bytes, 0, length);
                default:
                    throw new IOException($"not a Redis reply: '{(line.Length > 40 ? line[..40] : line)}'");
            }
        }

        private async Task<string> LineAsync(CancellationToken ct)
        {
            var sb = new StringBuilder();
            while (true)
            {
                if (_start == _end) await FillAsync(ct);
                var b = _buffer[_start++];
                if (b == '\n') return sb.ToString().TrimEnd('\r');
                if (sb.Length > 1024) throw new IOException("not a Redis reply: a line over 1 KB");
                sb.Append((char)b);
            }
        }

        private async Task FillAsync(CancellationToken ct)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, ct);
            if (_end == 0) throw new IOException("the server closed the connection");
        }
    }
}
