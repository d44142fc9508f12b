using System.Net.Sockets;
using System.Text;

namespace OnlineConsole.Collectors.ZooKeeper;

/// <summary>
/// ZooKeeper's four-letter words over TCP (ruok, srvr, mntr): send four bytes, read until the server closes. No
/// library provides them; the server must list them in <c>4lw.commands.whitelist</c>.
/// </summary>
public static class FourLetterWords
{
    /// <summary>A reply longer than this is not ZooKeeper's.</summary>
    public const int MaxReply = 256 * 1024;

    public static async Task<string> AskAsync(string host, int port, string word, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        if (word is not { Length: 4 }) throw new ArgumentException("a four-letter word", nameof(word));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host, port, cts.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(word), cts.Token);
        var buffer = new byte[8192];
        using var reply = new MemoryStream();
        int n;
        while ((n = await stream.ReadAsync(buffer, cts.Token)) > 0)
        {
            reply.Write(buffer, 0, n);
            if (reply.Length > MaxReply) throw new ZooKeeperMalformedException($"{word} reply longer than {MaxReply} bytes");
        }
        return Encoding.UTF8.GetString(reply.GetBuffer(), 0, (int)reply.Length);
    }

    /// <summary>
    /// Parses <c>mntr</c> (one "zk_name TAB value" per line). A server outside a quorum answers with a sentence instead;
    /// that is <see cref="NotServing"/>, not damage.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseMntr(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (NotServing(reply)) return new Dictionary<string, string>();
        if (reply.Contains("not in the whitelist", StringComparison.Ordinal) || reply.Contains("not executed", StringComparison.Ordinal))
            throw new ZooKeeperMalformedException("mntr is not allowed by the server (4lw.commands.whitelist)");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in reply.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0 || !line.StartsWith("zk_", StringComparison.Ordinal)) throw new ZooKeeperMalformedException($"mntr line without 'zk_name<TAB>value': '{Clip(line)}'");
            values[line[..tab]] = line[(tab + 1)..].Trim();
        }
        if (!values.ContainsKey("zk_server_state")) throw new ZooKeeperMalformedException("mntr reply without zk_server_state");
        return values;
    }

    /// <summary>The answer of a server that is up but not part of a working quorum.</summary>
    public static bool NotServing(string reply) => reply.Contains("not currently serving requests", StringComparison.Ordinal);

    private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
