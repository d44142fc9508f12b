using System.Globalization;
using OnlineConsole.Core.Detector;
using OnlineConsole.Core.Live;

namespace OnlineConsole.Collectors.Redis;

/// <summary>The Redis source (section "Redis"); key names follow docs/contracts.md.</summary>
public sealed class RedisOptions : IValidatableOptions
{
    public const string Section = "Redis";

    /// <summary>host:port of each server, e.g. "127.0.0.1:6379".</summary>
    public string[] Endpoints { get; set; } = [];

    /// <summary>
    /// Redis 6 ACL user name (AUTH user password); empty: the password alone, i.e. the "default" user. Shown in
    /// the target (it is not a secret); the password is not.
    /// </summary>
    public string? User { get; set; }

    /// <summary>Never logged or shown.</summary>
    public string? Password { get; set; }

    public bool Ssl { get; set; }

    /// <summary>
    /// PEM file of the certificate authority that signed the Redis server's certificate, for a site CA that the
    /// machine does not trust. The server's name must still match. Empty: the system's trust store.
    /// </summary>
    public string? SslCaFile { get; set; }

    /// <summary>Name expected in the server's certificate when it differs from the endpoint's host.</summary>
    public string? SslHost { get; set; }
    public int Database { get; set; }

    /// <summary>RESP2 (the default) or RESP3; bench/RESULTS.md, "RESP2 vs RESP3", has the measurement.</summary>
    public RedisWireProtocol Protocol { get; set; } = RedisWireProtocol.Resp2;

    /// <summary>Prepended to every key and channel name below.</summary>
    public string KeyPrefix { get; set; } = "juno:";

    public string RunKey { get; set; } = "run:current";
    public string RunChangedChannel { get; set; } = "run:changed";
    public string RunHistoryKey { get; set; } = "run:history";
    public string DataFlowKey { get; set; } = "dataflow:summary";
    public string CommandChannel { get; set; } = "run:commands";
    public string ReplyChannel { get; set; } = "run:replies";

    /// <summary>One hash per PMT family: prefix + HPK, NNVT or SPMT.</summary>
    public string RatesKeyPrefix { get; set; } = "dcr:";
    public string RatesChannel { get; set; } = "dcr:updated";

    /// <summary>How often the writers update run and rates; staleness follows from it.</summary>
    public TimeSpan ExpectedInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between reconnect attempts (backoff starts at 0.25 s and doubles up to this).</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a run command waits for the run controller's reply.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After a rate notification, wait this long for the other families' notifications, so that a publisher
    /// writing all three families back to back costs one store update, not two or three.
    /// </summary>
    public TimeSpan RatesSettle { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>History rows read (newest first).</summary>
    public int HistoryRows { get; set; } = 200;

    public string Key(string name) => KeyPrefix + name;

    public string RatesKey(PmtType type) => KeyPrefix + RatesKeyPrefix + type.Code();

    /// <summary>A short description without the password, for logs and the run page.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"redis{(Ssl ? "s" : "")}://{(string.IsNullOrEmpty(User) ? "" : User + "@")}{string.Join(",", Endpoints)}/{Database}");

    /// <summary>
    /// Parses redis://[user@]host:port[/db] (rediss:// for TLS). A password in the URL is refused: a URL is given
    /// on command lines, which every user of the machine can read (ps, /proc/PID/cmdline). No message repeats
    /// what stood before the '@'.
    /// </summary>
    public static RedisOptions FromUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss"))
            throw new FormatException($"Not a redis:// URL: {WithoutUserInfo(url)}");
        var userInfo = Uri.UnescapeDataString(uri.UserInfo);
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && colon < userInfo.Length - 1) throw new PasswordInUrlException(WithoutUserInfo(url));
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0 && !int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw new FormatException($"The path of {WithoutUserInfo(url)} must be a database number.");
        return new RedisOptions
        {
            Endpoints = [string.Create(CultureInfo.InvariantCulture, $"{uri.Host}:{(uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port)}")],
            Ssl = uri.Scheme == "rediss",
            User = colon >= 0 ? (colon == 0 ? null : userInfo[..colon]) : (userInfo.Length > 0 ? userInfo : null),
            Database = path.Length > 0 ? int.Parse(path, CultureInfo.InvariantCulture) : 0,
        };
    }

    /// <summary>The URL with anything between "://" and the last '@' replaced, for messages.</summary>
    internal static string WithoutUserInfo(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.LastIndexOf('@');
        return start >= 0 && at > start ? url[..(start + 3)] + "***@" + url[(at + 1)..] : url;
    }

    public IEnumerable<string> Validate()
    {
        if (Endpoints.Length == 0) yield return $"{Section}:Endpoints needs at least one host:port (e.g. {Section}:Endpoints:0=127.0.0.1:6379).";
        for (var i = 0; i < Endpoints.Length; i++)
            if (!IsEndpoint(Endpoints[i])) yield return $"{Section}:Endpoints:{i} must be host:port (is '{Endpoints[i]}').";
        if (User is { Length: > 0 } user && (user.Length > 128 || user.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            yield return $"{Section}:User must be an ACL user name of at most 128 characters without spaces.";
        if (Database is < 0 or > 15) yield return $"{Section}:Database must be between 0 and 15 (is {Database}).";
        if (!Enum.IsDefined(Protocol)) yield return $"{Section}:Protocol must be Resp2 or Resp3 (is {Protocol}).";
        foreach (var (name, value) in new[] { ("RunKey", RunKey), ("RunChangedChannel", RunChangedChannel), ("RunHistoryKey", RunHistoryKey), ("DataFlowKey", DataFlowKey),
                     ("CommandChannel", CommandChannel), ("ReplyChannel", ReplyChannel), ("RatesKeyPrefix", RatesKeyPrefix), ("RatesChannel", RatesChannel) })
            if (string.IsNullOrWhiteSpace(value)) yield return $"{Section}:{name} must not be empty.";
        if (ExpectedInterval < TimeSpan.FromMilliseconds(100) || ExpectedInterval > TimeSpan.FromMinutes(5)) yield return $"{Section}:ExpectedInterval must be between 00:00:00.100 and 00:05:00 (is {ExpectedInterval}).";
        if (ConnectTimeout < TimeSpan.FromMilliseconds(100)) yield return $"{Section}:ConnectTimeout must be at least 00:00:00.100 (is {ConnectTimeout}).";
        if (ReconnectMaxDelay < TimeSpan.FromMilliseconds(250) || ReconnectMaxDelay > TimeSpan.FromMinutes(5)) yield return $"{Section}:ReconnectMaxDelay must be between 00:00:00.250 and 00:05:00 (is {ReconnectMaxDelay}).";
        if (CommandTimeout < TimeSpan.FromMilliseconds(100) || CommandTimeout > TimeSpan.FromMinutes(5)) yield return $"{Section}:CommandTimeout must be between 00:00:00.100 and 00:05:00 (is {CommandTimeout}).";
        if (RatesSettle < TimeSpan.Zero || RatesSettle > TimeSpan.FromMilliseconds(500)) yield return $"{Section}:RatesSettle must be between 00:00:00 and 00:00:00.500 (is {RatesSettle}).";
        if (!string.IsNullOrEmpty(SslCaFile) && !Ssl) yield return $"{Section}:SslCaFile is set but {Section}:Ssl is false.";
        if (!string.IsNullOrEmpty(SslCaFile) && !File.Exists(SslCaFile)) yield return $"{Section}:SslCaFile '{SslCaFile}' does not exist.";
        if (HistoryRows is < 1 or > 10_000) yield return $"{Section}:HistoryRows must be between 1 and 10000 (is {HistoryRows}).";
    }

    private static bool IsEndpoint(string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536;
    }
}
