using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace OnlineConsole.Collectors.Supervisor;

/// <summary>
/// supervisord's XML-RPC interface over plain HTTP/1.0 on TCP (its inet_http_server), optional basic auth.
/// The only place that knows the wire format; one connection per call, as supervisorctl does.
/// </summary>
public sealed class SupervisorClient
{
    // A getAllProcessInfo of a few hundred processes is ~100 kB; anything far larger is not supervisord.
    private const int MaxReply = 8 * 1024 * 1024;
    private readonly Uri _url;
    private readonly string? _authorization;
    private readonly TimeSpan _timeout;

    public SupervisorClient(Uri url, string? user, string? password, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttp) throw new ArgumentException($"Only http:// is supported, got '{url}'.", nameof(url));
        _url = url;
        _timeout = timeout;
        if (!string.IsNullOrEmpty(user))
            _authorization = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
    }

    public async Task<IReadOnlyList<SupervisorProcess>> GetAllProcessInfoAsync(CancellationToken ct)
    {
        if (await CallAsync("supervisor.getAllProcessInfo", ct).ConfigureAwait(false) is not IReadOnlyList<object?> list)
            throw new SupervisorMalformedException("getAllProcessInfo did not return an array.");
        return [.. list.Select(ToProcess)];
    }

    /// <summary>supervisord's own state name (RUNNING, RESTARTING, SHUTDOWN, FATAL).</summary>
    public async Task<string> GetStateAsync(CancellationToken ct)
    {
        if (await CallAsync("supervisor.getState", ct).ConfigureAwait(false) is not IReadOnlyDictionary<string, object?> s
            || s.GetValueOrDefault("statename") is not string name)
            throw new SupervisorMalformedException("getState did not return a statename.");
        return name;
    }

    /// <summary>Starts and waits until the process is RUNNING (or supervisord reports a fault).</summary>
    public async Task StartProcessAsync(string fullName, CancellationToken ct) =>
        await ExpectTrue(await CallAsync("supervisor.startProcess", ct, fullName, true).ConfigureAwait(false), "startProcess").ConfigureAwait(false);

    public async Task StopProcessAsync(string fullName, CancellationToken ct) =>
        await ExpectTrue(await CallAsync("supervisor.stopProcess", ct, fullName, true).ConfigureAwait(false), "stopProcess").ConfigureAwait(false);

    /// <summary>supervisord has no restartProcess: stop (a stopped process is fine) then start, like supervisorctl.</summary>
    public async Task RestartProcessAsync(string fullName, CancellationToken ct)
    {
        try
        {
            await StopProcessAsync(fullName, ct).ConfigureAwait(false);
        }
        catch (SupervisorFaultException e) when (e.Code == 70) // NOT_RUNNING
        {
        }
        await StartProcessAsync(fullName, ct).ConfigureAwait(false);
    }

    /// <summary>Starts or stops every process of a group and waits; throws with the first process supervisord could not act on.</summary>
    public async Task GroupAsync(string group, bool start, CancellationToken ct)
    {
        var method = start ? "supervisor.startProcessGroup" : "supervisor.stopProcessGroup";
        if (await CallAsync(method, ct, group, true).ConfigureAwait(false) is not IReadOnlyList<object?> results)
            throw new SupervisorMalformedException($"{method} did not return an array.");
        // Each entry: {name, group, status, description}; status 80 is SUCCESS.
        foreach (var r in results.OfType<IReadOnlyDictionary<string, object?>>())
            if (r.GetValueOrDefault("status") is int status && status != 80)
                throw new SupervisorFaultException(status, $"{r.GetValueOrDefault("group")}:{r.GetValueOrDefault("name")}: {r.GetValueOrDefault("description")}");
    }

    /// <summary>The end of a process's stdout or stderr log (at most <paramref name="bytes"/>), as supervisorctl tail shows it.</summary>
    public async Task<string> TailAsync(string fullName, bool stderr, int bytes, CancellationToken ct)
    {
        var method = stderr ? "supervisor.tailProcessStderrLog" : "supervisor.tailProcessStdoutLog";
        // [string bytes, int offset, bool overflow]; offset 0 with a length reads the last length bytes.
        if (await CallAsync(method, ct, fullName, 0, bytes).ConfigureAwait(false) is not IReadOnlyList<object?> { Count: 3 } r || r[0] is not string text)
            throw new SupervisorMalformedException($"{method} did not return [bytes, offset, overflow].");
        return text;
    }

    private static Task ExpectTrue(object? result, string method) =>
        result is true ? Task.CompletedTask : throw new SupervisorMalformedException($"{method} returned '{result}', not true.");

    private static SupervisorProcess ToProcess(object? o)
    {
        if (o is not IReadOnlyDictionary<string, object?> p) throw new SupervisorMalformedException("Process entry is not a struct.");
        string Str(string k) => p.GetValueOrDefault(k) as string ?? throw new SupervisorMalformedException($"Process entry without '{k}'.");
        int Int(string k) => p.GetValueOrDefault(k) is int i ? i : throw new SupervisorMalformedException($"Process entry without int '{k}'.");
        var state = Str("statename");
        var start = Int("start");
        var now = Int("now");
        var uptime = state == "RUNNING" && start > 0 && now >= start ? TimeSpan.FromSeconds(now - start) : TimeSpan.Zero;
        return new SupervisorProcess(Str("group"), Str("name"), state, Int("pid"), uptime, Int("exitstatus"), Str("description"));
    }

    internal async Task<object?> CallAsync(string method, CancellationToken ct, params object[] args)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_timeout);
        var body = Encoding.UTF8.GetBytes(XmlRpc.Call(method, args));
        var path = string.IsNullOrEmpty(_url.AbsolutePath) || _url.AbsolutePath == "/" ? "/RPC2" : _url.AbsolutePath;
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {path} HTTP/1.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {_url.Authority}\r\n")
            .Append("Content-Type: text/xml\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        if (_authorization is not null) head.Append(CultureInfo.InvariantCulture, $"Authorization: Basic {_authorization}\r\n");
        head.Append("\r\n");

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_url.Host, _url.Port, timeout.Token).ConfigureAwait(false);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), timeout.Token).ConfigureAwait(false);
        await stream.WriteAsync(body, timeout.Token).ConfigureAwait(false);

        // HTTP/1.0: the server closes after the reply, so read to the end.
        using var reply = new MemoryStream();
        var buf = new byte[16 * 1024];
        int n;
        while ((n = await stream.ReadAsync(buf, timeout.Token).ConfigureAwait(false)) > 0)
        {
            reply.Write(buf, 0, n);
            if (reply.Length > MaxReply) throw new SupervisorMalformedException($"Reply over {MaxReply} bytes.");
        }
        return ParseHttp(reply.ToArray(), method);
    }

    internal static object? ParseHttp(byte[] reply, string method)
    {
        var text = Encoding.UTF8.GetString(reply);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0 || !text.StartsWith("HTTP/", StringComparison.Ordinal))
            throw new SupervisorMalformedException($"{method}: reply is not HTTP.");
        var statusLine = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var status))
            throw new SupervisorMalformedException($"{method}: bad status line '{statusLine}'.");
        if (status == 401) throw new SupervisorAuthException("supervisord refused the credentials (HTTP 401).");
        if (status != 200) throw new SupervisorMalformedException($"{method}: HTTP {status}.");
        return XmlRpc.ParseResponse(text[(split + 4)..]);
    }
}
