using OnlineConsole.Collectors.Hosting;
using StackExchange.Redis;

namespace OnlineConsole.Collectors.Redis;

/// <summary>
/// The only code that knows StackExchange.Redis (2.x): one connection with pub/sub, and the few commands the
/// contract needs. Everything above speaks strings, so a library upgrade touches this file only. A link is used
/// until it is lost; then the owner makes a new one (the library's own reconnect and backlog are not relied on).
/// </summary>
public sealed class RedisLink : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _mux;
    private readonly IDatabase _db;
    private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RedisLink(ConnectionMultiplexer mux, int database)
    {
        _mux = mux;
        _db = mux.GetDatabase(database);
        _mux.ConnectionFailed += (_, e) => _lost.TrySetResult($"Redis connection lost ({e.FailureType}): {e.Exception?.Message}");
    }

    /// <summary>Completes with a reason when the connection fails; the link is not used after that.</summary>
    public Task<string> Lost => _lost.Task;

    public static async Task<RedisLink> ConnectAsync(RedisOptions options, string clientName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var timeout = (int)options.ConnectTimeout.TotalMilliseconds;
        var config = new ConfigurationOptions
        {
            // Redis 6 ACL user; empty: AUTH with the password alone (the "default" user).
            User = string.IsNullOrEmpty(options.User) ? null : options.User,
            Password = options.Password,
            Ssl = options.Ssl,
            DefaultDatabase = options.Database,
            ClientName = clientName,
            AbortOnConnectFail = true,
            ConnectRetry = 1,
            ConnectTimeout = timeout,
            SyncTimeout = timeout,
            // Every call here is async: a read that has not answered within the connect timeout (2 s by default,
            // against a 1 Hz source) fails, and the owner makes a new link.
            AsyncTimeout = timeout,
            // A half-open connection (peer host gone, no FIN) is noticed within a few seconds.
            KeepAlive = 5,
            // Set, not negotiated: RESP2 (two connections, one of them for pub/sub) unless Redis:Protocol says
            // Resp3 (one connection with pushes); bench/RESULTS.md compares the two.
            Protocol = options.Protocol == RedisWireProtocol.Resp3 ? RedisProtocol.Resp3 : RedisProtocol.Resp2,
            // While the connection is down a command fails at once instead of waiting in the library's backlog:
            // the collector shows the outage and a run command is refused, not sent late.
            BacklogPolicy = BacklogPolicy.FailFast,
            // No "__Booksleeve_*" key or channel, which an ACL user limited to the contract's keys and channels is
            // refused: no tie-break key (it elects a primary among several, never needed here), and the client's
            // reconfigure channel under the key prefix (an empty name, which should switch it off, makes 3.4.35's
            // connect hang).
            TieBreaker = "",
            ConfigurationChannel = options.Key("client:reconfigure"),
        };
        foreach (var e in options.Endpoints) config.EndPoints.Add(e);
        if (!string.IsNullOrEmpty(options.SslHost)) config.SslHost = options.SslHost;
        if (options.Ssl && !string.IsNullOrEmpty(options.SslCaFile)) config.CertificateValidation += PrivateCa.Validator(options.SslCaFile);
        try
        {
            var mux = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
            return new RedisLink(mux, options.Database);
        }
        catch (RedisConnectionException ex)
        {
            // The library's message lists endpoints and states, never the password.
            throw new IOException($"Cannot connect to {options.Describe()}: {FirstLine(ex.Message)}", ex);
        }
    }

    /// <summary>
    /// Subscribes to a literal channel; the handler gets the message text, one message at a time, in the order
    /// Redis sent them. (2.x runs plain handler subscriptions concurrently and in no order; the queue keeps it.)
    /// </summary>
    public async Task SubscribeAsync(string channel, Action<string> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var queue = await _mux.GetSubscriber().SubscribeAsync(RedisChannel.Literal(channel)).ConfigureAwait(false);
        queue.OnMessage(m => handler(Text(m.Message)));
    }

    /// <summary>As above for an async handler: the next message is handed over when the previous one's task ends.</summary>
    public async Task SubscribeAsync(string channel, Func<string, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var queue = await _mux.GetSubscriber().SubscribeAsync(RedisChannel.Literal(channel)).ConfigureAwait(false);
        queue.OnMessage(m => handler(Text(m.Message)));
    }

    /// <summary>As above for binary messages (the replica bus), handed over in order.</summary>
    public async Task SubscribeBytesAsync(string channel, Action<byte[]> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var queue = await _mux.GetSubscriber().SubscribeAsync(RedisChannel.Literal(channel)).ConfigureAwait(false);
        queue.OnMessage(m => handler((byte[])m.Message!));
    }

    /// <summary>Publishes a binary message; returns the number of subscribers that received it.</summary>
    public async Task<long> PublishAsync(string channel, byte[] message)
    {
        try
        {
            return await _mux.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), message).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            throw new IOException(ex.Message, ex);
        }
    }

    /// <summary>Returns the number of subscribers that received the message.</summary>
    public async Task<long> PublishAsync(string channel, string message)
    {
        try
        {
            return await _mux.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), message).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            throw new IOException(ex.Message, ex);
        }
    }

    /// <summary>HGETALL; an absent key gives an empty list.</summary>
    public async Task<KeyValuePair<string, string>[]> HashGetAllAsync(string key)
    {
        var entries = await _db.HashGetAllAsync(key).ConfigureAwait(false);
        var result = new KeyValuePair<string, string>[entries.Length];
        for (var i = 0; i < entries.Length; i++) result[i] = new((string)entries[i].Name!, (string)entries[i].Value!);
        return result;
    }

    /// <summary>
    /// HGETALL that hands each field and value to <paramref name="visit"/> as UTF-8 bytes, without making strings:
    /// the rate hashes have 17,612 and 25,600 fields, read every second. Returns the number of fields.
    /// </summary>
    public async Task<int> HashGetAllAsync(string key, Utf8FieldVisitor visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var entries = await _db.HashGetAllAsync(key).ConfigureAwait(false);
        Visit(entries, visit);
        return entries.Length;
    }

    private static void Visit(HashEntry[] entries, Utf8FieldVisitor visit)
    {
        // Copied into two stack buffers, not converted to byte[] (a new array per value where the client keeps
        // the bytes otherwise): fields are channel ids and rates, a few bytes each.
        Span<byte> field = stackalloc byte[ScratchBytes];
        Span<byte> value = stackalloc byte[ScratchBytes];
        foreach (var e in entries) visit(Bytes(e.Name, field), Bytes(e.Value, value));
    }

    private const int ScratchBytes = 128;

    private static ReadOnlySpan<byte> Bytes(RedisValue v, Span<byte> scratch)
    {
        if (v.IsNull) return [];
        // A longer value is malformed anyway (the visitor reports it): the rare copy does not matter.
        return v.GetByteCount() <= scratch.Length ? scratch[..v.CopyTo(scratch)] : (byte[])v!;
    }

    public async Task<string[]> ListRangeAsync(string key, long start, long stop)
    {
        var values = await _db.ListRangeAsync(key, start, stop).ConfigureAwait(false);
        return [.. values.Select(v => (string)v!)];
    }

    /// <summary>HSET of many fields in one command.</summary>
    public Task HashSetAsync(string key, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var entries = new HashEntry[fields.Count];
        for (var i = 0; i < entries.Length; i++) entries[i] = new HashEntry(fields[i].Key, fields[i].Value);
        return _db.HashSetAsync(key, entries);
    }

    /// <summary>LPUSH then LTRIM to the newest <paramref name="keep"/> entries.</summary>
    public async Task PushNewestAsync(string key, string value, long keep)
    {
        await _db.ListLeftPushAsync(key, value).ConfigureAwait(false);
        await _db.ListTrimAsync(key, 0, keep - 1).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _lost.TrySetResult("closed");
        _mux.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Text(RedisValue v) => v.IsNull ? "" : (string)v!;

    private static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();
}

/// <summary>Receives one hash field and its value as UTF-8 bytes; valid only during the call.</summary>
public delegate void Utf8FieldVisitor(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value);
