using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using static System.FormattableString;

namespace OnlineConsole.Collectors.Snmp;

/// <summary>
/// Asynchronous SNMPv2c and SNMPv3 (USM) client. One UDP socket and one receive loop serve any number of agents and
/// concurrent requests; a response is matched to its request by id (request-id for v2c, msgID for v3) and by the
/// address it came from.
/// </summary>
public sealed class SnmpClient : IAsyncDisposable
{
    // The largest UDP payload over IPv4, advertised as msgMaxSize.
    private const int MaxMessageSize = 65507;
    private static readonly Oid UsmStatsPrefix = new(1, 3, 6, 1, 6, 3, 15, 1, 1);

    private readonly SnmpClientOptions _options;
    private readonly Socket _socket;
    private readonly ConcurrentDictionary<int, PendingRequest> _pending = new();
    private readonly ConcurrentDictionary<IPEndPoint, Lazy<Task<UsmEngine>>> _engines = new();

    // Damaged datagrams by agent, only for agents this client has sent to, so strangers cannot grow it.
    private readonly ConcurrentDictionary<IPEndPoint, StrongBox<long>> _damaged = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private int _nextId = Random.Shared.Next();
    private long _nextSalt = Random.Shared.NextInt64();
    private long _malformedPackets;
    private long _unmatchedPackets;
    private long _authenticationFailures;
    private int _disposed;

    public SnmpClient(SnmpClientOptions? options = null)
    {
        _options = options ?? new SnmpClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.Timeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.Retries, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxRepetitions, 1, nameof(options));
        ArgumentNullException.ThrowIfNull(_options.LocalEndPoint, nameof(options));

        _socket = new Socket(_options.LocalEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (_options.LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _socket.DualMode = true;
            }
            _socket.Bind(_options.LocalEndPoint);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Datagrams received that were not well-formed SNMP messages.</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformedPackets);

    /// <summary>Well-formed messages that answered no outstanding request: unknown id, wrong sender, wrong PDU type.</summary>
    public long UnmatchedPackets => Interlocked.Read(ref _unmatchedPackets);

    /// <summary>SNMPv3 responses dropped because their digest, user or engine did not check out.</summary>
    public long AuthenticationFailures => Interlocked.Read(ref _authenticationFailures);

    /// <summary>
    /// Datagrams from <paramref name="agent"/> that were dropped: not well-formed SNMP (truncated, wrong lengths,
    /// garbage), answering no outstanding request (wrong request id, a duplicate) or otherwise not acceptable.
    /// Counted for agents this client has sent a request to.
    /// </summary>
    public long DamagedFrom(IPEndPoint agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return _damaged.TryGetValue(SnmpTarget.Normalize(agent), out var box) ? Interlocked.Read(ref box.Value) : 0;
    }

    public async Task<IReadOnlyList<VarBind>> GetAsync(SnmpTarget target, IReadOnlyList<Oid> oids, CancellationToken cancellationToken = default) =>
        (await RequestAsync(target, PduType.GetRequest, 0, 0, oids, cancellationToken)).VarBinds;

    /// <summary>GET of one OID; an absent object comes back as a noSuchObject or noSuchInstance value, not an exception.</summary>
    public async Task<SnmpValue> GetAsync(SnmpTarget target, Oid oid, CancellationToken cancellationToken = default) =>
        (await GetAsync(target, [oid], cancellationToken))[0].Value;

    public async Task<IReadOnlyList<VarBind>> GetNextAsync(SnmpTarget target, IReadOnlyList<Oid> oids, CancellationToken cancellationToken = default) =>
        (await RequestAsync(target, PduType.GetNextRequest, 0, 0, oids, cancellationToken)).VarBinds;

    public async Task<IReadOnlyList<VarBind>> GetBulkAsync(
        SnmpTarget target, int nonRepeaters, int maxRepetitions, IReadOnlyList<Oid> oids, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nonRepeaters);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRepetitions);
        return (await RequestAsync(target, PduType.GetBulkRequest, nonRepeaters, maxRepetitions, oids, cancellationToken)).VarBinds;
    }

    /// <summary>
    /// Every variable in the subtree under <paramref name="root"/>, in order, fetched with GETBULK. Ends at the end of
    /// the subtree or of the agent's MIB view; an agent whose OIDs stop increasing fails the walk.
    /// </summary>
    public async IAsyncEnumerable<VarBind> WalkAsync(SnmpTarget target, Oid root, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        var last = root;
        while (true)
        {
            var response = await RequestAsync(target, PduType.GetBulkRequest, 0, _options.MaxRepetitions, [last], cancellationToken);
            if (response.VarBinds.Count == 0)
            {
                yield break;
            }
            foreach (var varBind in response.VarBinds)
            {
                if (varBind.Value.Type == SnmpType.EndOfMibView || !varBind.Oid.StartsWith(root))
                {
                    yield break;
                }
                // Without this a broken agent would keep the walk going forever.
                if (varBind.Oid <= last)
                {
                    throw new SnmpException($"Agent {target.EndPoint} returned {varBind.Oid} after {last}: a walk needs increasing OIDs.");
                }
                yield return varBind;
                last = varBind.Oid;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stop.CancelAsync();
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    /// <summary>The engine of a v3 agent, discovered on first use (RFC 3414 section 4).</summary>
    internal async Task<UsmEngine> GetEngineAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        // Concurrent first requests share one discovery. It runs on the client's lifetime token, so one caller giving
        // up does not fail the others.
        var entry = _engines.GetOrAdd(endPoint, ep => new Lazy<Task<UsmEngine>>(() => DiscoverAsync(ep)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (entry.Value.IsFaulted || entry.Value.IsCanceled)
        {
            ForgetEngine(endPoint, entry);
            throw;
        }
    }

    private async Task<SnmpPdu> RequestAsync(
        SnmpTarget target, PduType type, int nonRepeaters, int maxRepetitions, IReadOnlyList<Oid> oids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(oids);
        if (oids.Any(oid => oid is null))
        {
            throw new ArgumentException("The OID list contains null.", nameof(oids));
        }
        ObjectDisposedException.ThrowIf(_disposed != 0, this);

        VarBind[] varBinds = [.. oids.Select(oid => new VarBind(oid, SnmpValue.Null))];
        SnmpPdu CreatePdu(int id) => new(type, id, nonRepeaters, maxRepetitions, varBinds);
        var response = target switch
        {
            SnmpV2cTarget v2c => await CommunityRequestAsync(v2c, CreatePdu, cancellationToken),
            SnmpV3Target v3 => await UsmRequestAsync(v3, CreatePdu, cancellationToken),
            _ => throw new ArgumentException("Unsupported target type.", nameof(target)),
        };
        if (response.ErrorStatus != 0)
        {
            throw new SnmpErrorException((SnmpErrorStatus)response.ErrorStatus, response.ErrorIndex);
        }
        if (type != PduType.GetBulkRequest && response.VarBinds.Count != varBinds.Length)
        {
            throw new SnmpException(Invariant($"Agent {target.EndPoint} answered {response.VarBinds.Count} variables to a request for {varBinds.Length}."));
        }
        return response;
    }

    private Task<SnmpPdu> CommunityRequestAsync(SnmpV2cTarget target, Func<int, SnmpPdu> createPdu, CancellationToken cancellationToken) =>
        ExchangeAsync(
            target.EndPoint,
            id => SnmpCodec.EncodeCommunity(target.Community, createPdu(id)),
            reply => reply.Message is CommunityMessage { Pdu.Type: PduType.GetResponse } message
                && message.Community.AsSpan().SequenceEqual(target.Community)
                    ? message.Pdu
                    : Damaged<SnmpPdu>(target.EndPoint, ref _unmatchedPackets),
            cancellationToken);

    private async Task<SnmpPdu> UsmRequestAsync(SnmpV3Target target, Func<int, SnmpPdu> createPdu, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            var engine = await GetEngineAsync(target.EndPoint, cancellationToken);
            try
            {
                return await ExchangeAsync(
                    target.EndPoint,
                    id => EncodeUsmRequest(target.User, engine, createPdu(id)),
                    reply => AcceptUsmResponse(reply, target.User, engine),
                    cancellationToken);
            }
            catch (SnmpAuthenticationException e) when (attempt == 0 && e.Reason is UsmError.NotInTimeWindow or UsmError.UnknownEngineId)
            {
                // The agent rebooted, changed its engine id, or our clock estimate is off: rediscover and retry once.
                if (_engines.TryGetValue(target.EndPoint, out var entry) && entry.Value.IsCompletedSuccessfully && entry.Value.Result == engine)
                {
                    ForgetEngine(target.EndPoint, entry);
                }
            }
        }
    }

    private Task<UsmEngine> DiscoverAsync(IPEndPoint endPoint) =>
        ExchangeAsync(
            endPoint,
            id => SnmpCodec.EncodeUsm(
                id,
                MaxMessageSize,
                MessageFlags.Reportable,
                new UsmSecurityParameters([], 0, 0, [], [], []),
                SnmpCodec.EncodeScopedPdu(new ScopedPdu([], [], new SnmpPdu(PduType.GetRequest, id, 0, 0, []))),
                out _),
            reply => reply.Message is UsmMessage { Scoped.Pdu.Type: PduType.Report, Security.EngineId.Length: > 0 } report
                ? new UsmEngine(report.Security.EngineId, report.Security.EngineBoots, report.Security.EngineTime)
                : Drop<UsmEngine>(ref _unmatchedPackets),
            _stop.Token);

    private void ForgetEngine(IPEndPoint endPoint, Lazy<Task<UsmEngine>> entry) =>
        _engines.TryRemove(KeyValuePair.Create(endPoint, entry));

    private byte[] EncodeUsmRequest(UsmUser user, UsmEngine engine, SnmpPdu pdu)
    {
        var (boots, time) = engine.Now();
        byte[] scoped = SnmpCodec.EncodeScopedPdu(new ScopedPdu(engine.EngineId, [], pdu));
        byte[] salt = [];
        if (user.Priv != SnmpPrivProtocol.None)
        {
            // A counter never repeats an IV under one key (RFC 3826 section 3.1.2.1).
            salt = new byte[UsmCrypto.SaltLength];
            BinaryPrimitives.WriteInt64BigEndian(salt, Interlocked.Increment(ref _nextSalt));
            scoped = UsmCrypto.Encrypt(user.LocalizePrivKey(engine.EngineId), boots, time, salt, scoped);
        }
        var security = new UsmSecurityParameters(
            engine.EngineId, boots, time, user.NameBytes, new byte[UsmCrypto.DigestLength(user.Auth)], salt);
        // msgID and request-id are the same number, so a reply can be matched before it is decrypted.
        byte[] packet = SnmpCodec.EncodeUsm(
            pdu.RequestId, MaxMessageSize, user.SecurityLevel | MessageFlags.Reportable, security, scoped, out int digestOffset);
        if (user.Auth != SnmpAuthProtocol.None)
        {
            UsmCrypto.Sign(user.Auth, user.LocalizeAuthKey(engine.EngineId), packet, digestOffset);
        }
        return packet;
    }

    private SnmpPdu? AcceptUsmResponse(Reply reply, UsmUser user, UsmEngine engine)
    {
        if (reply.Message is not UsmMessage message)
        {
            return Drop<SnmpPdu>(ref _unmatchedPackets);
        }
        var security = message.Security;
        bool authenticated = message.Flags.HasFlag(MessageFlags.Auth);
        if (authenticated)
        {
            if (user.Auth == SnmpAuthProtocol.None
                || !security.UserName.AsSpan().SequenceEqual(user.NameBytes)
                || !security.EngineId.AsSpan().SequenceEqual(engine.EngineId)
                || !UsmCrypto.Verify(user.Auth, user.LocalizeAuthKey(engine.EngineId), reply.Datagram, message.AuthParametersOffset, security.AuthParameters))
            {
                return Drop<SnmpPdu>(ref _authenticationFailures);
            }
            engine.Update(security.EngineBoots, security.EngineTime);
        }

        var pdu = (message.Scoped ?? Decrypt(message, user, engine)).Pdu;
        if (pdu.Type == PduType.Report)
        {
            // Agents send most usmStats reports unauthenticated, since they could not verify the request: accepting
            // them is what turns a wrong password into an error instead of a timeout.
            throw ReportError(pdu);
        }
        if (pdu.Type != PduType.GetResponse || pdu.RequestId != message.MessageId)
        {
            return Drop<SnmpPdu>(ref _unmatchedPackets);
        }
        // Anyone can send an unauthenticated response, so a user with a key only takes authenticated ones.
        return authenticated || user.Auth == SnmpAuthProtocol.None ? pdu : Drop<SnmpPdu>(ref _authenticationFailures);
    }

    private static ScopedPdu Decrypt(UsmMessage message, UsmUser user, UsmEngine engine)
    {
        // Only reached once the digest verified (the decoder rejects privacy without authentication), so the agent
        // really sent these bytes: if they do not decrypt, the privacy keys differ and waiting will not help.
        const string Failure = "The agent's response could not be decrypted: the privacy password or protocol differs.";
        var security = message.Security;
        if (user.Priv == SnmpPrivProtocol.None || security.PrivParameters.Length != UsmCrypto.SaltLength)
        {
            throw new SnmpAuthenticationException(UsmError.DecryptionError, Failure);
        }
        byte[] plaintext = UsmCrypto.Decrypt(
            user.LocalizePrivKey(engine.EngineId), security.EngineBoots, security.EngineTime, security.PrivParameters, message.EncryptedPdu!);
        try
        {
            return SnmpCodec.DecodeScopedPdu(plaintext);
        }
        catch (SnmpDecodeException e)
        {
            throw new SnmpAuthenticationException(UsmError.DecryptionError, Failure, e);
        }
    }

    private static SnmpException ReportError(SnmpPdu report)
    {
        var oid = report.VarBinds.Count > 0 ? report.VarBinds[0].Oid : null;
        if (oid is { Length: 11 } && oid.StartsWith(UsmStatsPrefix) && oid[9] is >= 1 and <= 6)
        {
            var reason = (UsmError)oid[9];
            string text = reason switch
            {
                UsmError.UnsupportedSecurityLevel => "the security level is not supported for this user",
                UsmError.NotInTimeWindow => "the request was outside the engine's time window",
                UsmError.UnknownUserName => "unknown user name",
                UsmError.UnknownEngineId => "unknown engine id",
                UsmError.WrongDigest => "wrong digest: the authentication password or protocol differs",
                _ => "the request could not be decrypted: the privacy password or protocol differs",
            };
            return new SnmpAuthenticationException(reason, $"The agent rejected the request: {text} ({oid}).");
        }
        return new SnmpException($"The agent answered with a Report: {oid?.ToString() ?? "no variable"}.");
    }

    /// <summary>
    /// Registers an id, sends the packet built for it (again after each timeout) and returns the first reply that
    /// <paramref name="accept"/> takes. <paramref name="accept"/> returns null to keep waiting, or throws to fail.
    /// </summary>
    private async Task<T> ExchangeAsync<T>(IPEndPoint endPoint, Func<int, byte[]> build, Func<Reply, T?> accept, CancellationToken cancellationToken)
        where T : class
    {
        var pending = new PendingRequest(endPoint);
        var damaged = _damaged.GetOrAdd(SnmpTarget.Normalize(endPoint), _ => new StrongBox<long>());
        long damagedBefore = Interlocked.Read(ref damaged.Value);
        int id = Register(pending);
        try
        {
            byte[] packet = build(id);
            for (int attempt = 0; attempt <= _options.Retries; attempt++)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
                wait.CancelAfter(_options.Timeout);
                try
                {
                    await _socket.SendToAsync(packet, SocketFlags.None, endPoint, wait.Token);
                    while (true)
                    {
                        var reply = await pending.Replies.Reader.ReadAsync(wait.Token);
                        if (accept(reply) is { } result)
                        {
                            return result;
                        }
                    }
                }
                catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                {
                    // The caller cancelled, or else this attempt timed out and the loop sends again.
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            long seen = Interlocked.Read(ref damaged.Value) - damagedBefore;
            if (seen > 0)
            {
                throw new SnmpMalformedReplyException(
                    Invariant($"Malformed reply from {endPoint}: {seen} damaged datagram(s) and no valid response after {_options.Retries + 1} attempt(s) of {_options.Timeout.TotalMilliseconds} ms."));
            }
            throw new SnmpTimeoutException(
                Invariant($"No response from {endPoint} after {_options.Retries + 1} attempt(s) of {_options.Timeout.TotalMilliseconds} ms."));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(SnmpClient));
        }
        finally
        {
            _pending.TryRemove(id, out _);
            // Replies still queued once one was taken are duplicates.
            while (pending.Replies.Reader.TryRead(out _))
            {
                Interlocked.Increment(ref _unmatchedPackets);
                Interlocked.Increment(ref damaged.Value);
            }
        }
    }

    private int Register(PendingRequest pending)
    {
        while (true)
        {
            // msgID must lie in 0..2^31-1 (RFC 3412); v2c request-ids share the counter, so the two never collide.
            int id = Interlocked.Increment(ref _nextId) & int.MaxValue;
            if (_pending.TryAdd(id, pending))
            {
                return id;
            }
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[65536];
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (true)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                // Windows reports an ICMP port-unreachable caused by an earlier send here; the socket is still fine.
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || _stop.IsCancellationRequested)
            {
                return;
            }
            Dispatch(buffer.AsSpan(0, received.ReceivedBytes), SnmpTarget.Normalize((IPEndPoint)received.RemoteEndPoint));
        }
    }

    private void Dispatch(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        SnmpMessage message;
        try
        {
            message = SnmpCodec.Decode(datagram);
        }
        catch (SnmpDecodeException)
        {
            Interlocked.Increment(ref _malformedPackets);
            CountDamaged(from);
            return;
        }
        int id = message is UsmMessage usm ? usm.MessageId : ((CommunityMessage)message).Pdu.RequestId;
        if (!(_pending.TryGetValue(id, out var pending)
            && pending.EndPoint.Equals(from)
            && pending.Replies.Writer.TryWrite(new Reply(datagram.ToArray(), message))))
        {
            Interlocked.Increment(ref _unmatchedPackets);
            CountDamaged(from);
        }
    }

    private void CountDamaged(IPEndPoint from)
    {
        if (_damaged.TryGetValue(from, out var box)) Interlocked.Increment(ref box.Value);
    }

    private T? Damaged<T>(IPEndPoint from, ref long counter)
        where T : class
    {
        CountDamaged(SnmpTarget.Normalize(from));
        return Drop<T>(ref counter);
    }

    private static T? Drop<T>(ref long counter)
        where T : class
    {
        Interlocked.Increment(ref counter);
        return null;
    }

    private sealed record Reply(byte[] Datagram, SnmpMessage Message);

    private sealed class PendingRequest(IPEndPoint endPoint)
    {
        public IPEndPoint EndPoint { get; } = endPoint;

        // Room for a few duplicates or forgeries; beyond that replies are dropped rather than buffered.
        public Channel<Reply> Replies { get; } =
            Channel.CreateBounded<Reply>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
    }
}
