using System.Net;
using OnlineConsole.Collectors.Snmp;
using Xunit;

namespace OnlineConsole.Tests.Snmp;

/// <summary>Client behaviour against scripted agents on loopback sockets.</summary>
[Trait("Category", "Unit")]
public class SnmpClientTests
{
    private static readonly Oid SysName = Oid.Parse("1.3.6.1.2.1.1.5.0");
    private static readonly Oid IfTable = Oid.Parse("1.3.6.1.2.1.2.2");
    private static readonly byte[] V3EngineId = Captures.EngineId;
    private const int V3EngineTime = 100;

    [Fact]
    public async Task Malformed_packets_unknown_ids_and_other_senders_are_counted_and_dropped()
    {
        using var agent = new FakeAgent();
        using var stranger = new FakeAgent();
        await using var client = new SnmpClient(new SnmpClientOptions { Timeout = TimeSpan.FromSeconds(10), Retries = 0 });

        var get = client.GetAsync(agent.Target(), SysName);
        var (request, from) = await agent.ReceiveAsync();
        await agent.SendAsync([0x30, 0x03, 0x02, 0x01], from);
        await agent.ReplyAsync(request.RequestId ^ 0x40, from, [new(SysName, SnmpValue.OctetString("unknown id"))]);
        await stranger.ReplyAsync(request, from, [new(SysName, SnmpValue.OctetString("forged"))]);
        await agent.ReplyAsync(request, from, [new(SysName, SnmpValue.OctetString("genuine"))]);

        Assert.Equal("genuine", (await get).AsString());
        Assert.Equal(1, client.MalformedPackets);
        Assert.Equal(2, client.UnmatchedPackets);
    }

    [Fact]
    public async Task A_request_is_resent_after_each_timeout_then_fails_with_SnmpTimeoutException()
    {
        using var agent = new FakeAgent();
        await using var client = new SnmpClient(new SnmpClientOptions { Timeout = TimeSpan.FromMilliseconds(100), Retries = 2 });

        var e = await Assert.ThrowsAsync<SnmpTimeoutException>(() => client.GetAsync(agent.Target(), SysName));

        var ids = new List<int>();
        for (int i = 0; i < 3; i++)
        {
            ids.Add((await agent.ReceiveAsync()).Pdu.RequestId);
        }
        Assert.Single(ids.Distinct());
        Assert.Equal(0, agent.Queued);
        Assert.Contains("3 attempt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_to_a_resent_request_completes_it()
    {
        using var agent = new FakeAgent();
        await using var client = new SnmpClient(new SnmpClientOptions { Timeout = TimeSpan.FromMilliseconds(300), Retries = 5 });

        var get = client.GetAsync(agent.Target(), SysName);
        await agent.ReceiveAsync();
        var (resent, from) = await agent.ReceiveAsync();
        await agent.ReplyAsync(resent, from, [new(SysName, SnmpValue.OctetString("late"))]);

        Assert.Equal("late", (await get).AsString());
    }

    [Fact]
    public async Task Cancellation_ends_a_request_before_its_timeout()
    {
        using var agent = new FakeAgent();
        await using var client = new SnmpClient(new SnmpClientOptions { Timeout = TimeSpan.FromMinutes(5), Retries = 0 });
        using var cancel = new CancellationTokenSource();

        var get = client.GetAsync(agent.Target(), SysName, cancel.Token);
        await agent.ReceiveAsync();
        await cancel.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => get);
        Assert.Equal(cancel.Token, e.CancellationToken);
    }

    [Fact]
    public async Task Disposing_the_client_ends_pending_requests()
    {
        using var agent = new FakeAgent();
        var client = new SnmpClient(new SnmpClientOptions { Timeout = TimeSpan.FromMinutes(5), Retries = 0 });

        var get = client.GetAsync(agent.Target(), SysName);
        await agent.ReceiveAsync();
        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => get);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetAsync(agent.Target(), SysName));
    }

    [Fact]
    public async Task A_non_zero_error_status_becomes_SnmpErrorException()
    {
        using var agent = new FakeAgent();
        await using var client = new SnmpClient();

        var get = client.GetAsync(agent.Target(), SysName);
        var (request, from) = await agent.ReceiveAsync();
        await agent.ReplyAsync(request, from, request.VarBinds, errorStatus: 5, errorIndex: 1);

        var e = await Assert.ThrowsAsync<SnmpErrorException>(() => get);
        Assert.Equal((SnmpErrorStatus.GenErr, 1), (e.Status, e.Index));
    }

    [Fact]
    public async Task A_walk_pages_through_the_subtree_and_stops_where_it_ends()
    {
        var table = Enumerable.Range(1, 22)
            .SelectMany(column => Enumerable.Range(1, 4).Select(row => new VarBind(IfTable.Append(1, (uint)column, (uint)row), SnmpValue.Integer(column * row))))
            .ToList();
        using var agent = new FakeAgent();
        agent.Serve([.. table, new(Oid.Parse("1.3.6.1.2.1.1.1.0"), SnmpValue.OctetString("before")), new(Oid.Parse("1.3.6.1.2.1.2.3.0"), SnmpValue.Integer(0))]);
        await using var client = new SnmpClient(new SnmpClientOptions { MaxRepetitions = 7 });

        var walked = await client.WalkAsync(agent.Target(), IfTable).ToListAsync();

        Assert.Equal(table.OrderBy(v => v.Oid), walked);
    }

    [Fact]
    public async Task A_walk_stops_at_the_end_of_the_mib_view()
    {
        var last = new VarBind(Oid.Parse("1.3.6.1.6.3.1.1.1.0"), SnmpValue.Gauge32(1));
        using var agent = new FakeAgent();
        agent.Serve([new(Oid.Parse("1.3.6.1.2.1.1.1.0"), SnmpValue.OctetString("x")), last]);
        await using var client = new SnmpClient();

        Assert.Equal([last], await client.WalkAsync(agent.Target(), Oid.Parse("1.3.6.1.6")).ToListAsync());
        Assert.Empty(await client.WalkAsync(agent.Target(), Oid.Parse("1.3.6.1.7")).ToListAsync());
    }

    [Fact]
    public async Task A_walk_fails_when_the_agent_goes_backwards()
    {
        using var agent = new FakeAgent();
        await using var client = new SnmpClient();
        var walked = new List<VarBind>();

        var walk = Assert.ThrowsAsync<SnmpException>(async () =>
        {
            await foreach (var varBind in client.WalkAsync(agent.Target(), IfTable))
            {
                walked.Add(varBind);
            }
        });
        var (request, from) = await agent.ReceiveAsync();
        await agent.ReplyAsync(request, from,
            [new(IfTable.Append(1, 1, 2), SnmpValue.Integer(2)), new(IfTable.Append(1, 1, 1), SnmpValue.Integer(1))]);

        var e = await walk;
        Assert.Contains("increasing", e.Message, StringComparison.Ordinal);
        Assert.Single(walked);
    }

    [Fact]
    public async Task V3_responses_with_a_bad_digest_or_none_are_dropped()
    {
        var user = new UsmUser("operator", SnmpAuthProtocol.HmacSha1, "right-auth-pass", SnmpPrivProtocol.Aes128, "right-priv-pass");
        var impostor = new UsmUser("operator", SnmpAuthProtocol.HmacSha1, "wrong-auth-pass", SnmpPrivProtocol.Aes128, "right-priv-pass");
        using var agent = new FakeAgent();
        await using var client = new SnmpClient(new SnmpClientOptions { Timeout = TimeSpan.FromSeconds(10), Retries = 0 });

        var get = client.GetAsync(new SnmpV3Target(agent.EndPoint, user), SysName);
        var (request, from) = await AnswerDiscoveryAsync(agent);
        await agent.SendAsync(AuthPrivResponse(request, impostor, impostor, "forged"), from);
        await agent.SendAsync(NoAuthResponse(request, user, "forged"), from);
        await agent.SendAsync(AuthPrivResponse(request, user, user, "genuine"), from);

        Assert.Equal("genuine", (await get).AsString());
        Assert.Equal(2, client.AuthenticationFailures);
        Assert.Equal(MessageFlags.Auth | MessageFlags.Priv | MessageFlags.Reportable, request.Flags);
        Assert.Equal((1, V3EngineTime), (request.Security.EngineBoots, request.Security.EngineTime));
    }

    [Fact]
    public async Task An_authentic_v3_response_that_does_not_decrypt_fails_at_once_with_DecryptionError()
    {
        var user = new UsmUser("operator", SnmpAuthProtocol.HmacSha256, "right-auth-pass", SnmpPrivProtocol.Aes128, "right-priv-pass");
        var otherPriv = new UsmUser("operator", SnmpAuthProtocol.HmacSha256, "right-auth-pass", SnmpPrivProtocol.Aes128, "other-priv-pass");
        using var agent = new FakeAgent();
        await using var client = new SnmpClient(new SnmpClientOptions { Timeout = TimeSpan.FromMinutes(5), Retries = 0 });

        var get = client.GetAsync(new SnmpV3Target(agent.EndPoint, user), SysName);
        var (request, from) = await AnswerDiscoveryAsync(agent);
        await agent.SendAsync(AuthPrivResponse(request, user, otherPriv, "unreadable"), from);

        var e = await Assert.ThrowsAsync<SnmpAuthenticationException>(() => get);
        Assert.Equal(UsmError.DecryptionError, e.Reason);
        Assert.DoesNotContain("priv-pass", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hundreds_of_concurrent_requests_to_several_agents_get_their_own_answers()
    {
        var agents = Enumerable.Range(0, 4).Select(_ => new FakeAgent()).ToArray();
        try
        {
            for (int a = 0; a < agents.Length; a++)
            {
                agents[a].Serve(Enumerable.Range(0, 50).Select(k => new VarBind(Column(k), SnmpValue.OctetString($"agent{a}-{k}"))));
            }
            await using var client = new SnmpClient(new SnmpClientOptions { Timeout = TimeSpan.FromSeconds(5) });

            var requests = Enumerable.Range(0, 400).Select(async n =>
            {
                var value = await client.GetAsync(agents[n % 4].Target(), Column(n % 50));
                return (Expected: $"agent{n % 4}-{n % 50}", Actual: value.AsString());
            });
            var results = await Task.WhenAll(requests);

            Assert.All(results, r => Assert.Equal(r.Expected, r.Actual));
            Assert.Equal(0, client.MalformedPackets);
        }
        finally
        {
            foreach (var agent in agents)
            {
                agent.Dispose();
            }
        }

        static Oid Column(int k) => Oid.Parse("1.3.6.1.4.1.99999.1").Append((uint)k, 0);
    }

    /// <summary>Plays the agent's part of engine discovery and returns the request that follows it.</summary>
    private static async Task<(UsmMessage Request, IPEndPoint From)> AnswerDiscoveryAsync(FakeAgent agent)
    {
        var (message, from) = await agent.ReceiveMessageAsync();
        var discovery = (UsmMessage)message;
        var report = new SnmpPdu(PduType.Report, discovery.Scoped!.Pdu.RequestId, 0, 0, [new(Oid.Parse("1.3.6.1.6.3.15.1.1.4.0"), SnmpValue.Counter32(1))]);
        byte[] scoped = SnmpCodec.EncodeScopedPdu(new ScopedPdu(V3EngineId, [], report));
        var security = new UsmSecurityParameters(V3EngineId, 1, V3EngineTime, [], [], []);
        await agent.SendAsync(SnmpCodec.EncodeUsm(discovery.MessageId, 65507, MessageFlags.None, security, scoped, out _), from);
        var (request, _) = await agent.ReceiveMessageAsync();
        return ((UsmMessage)request, from);
    }

    // The client uses the same number for msgID and request-id, so the response can be built without decrypting.
    private static byte[] AuthPrivResponse(UsmMessage request, UsmUser signer, UsmUser encryptor, string value)
    {
        byte[] salt = [1, 2, 3, 4, 5, 6, 7, 8];
        byte[] plaintext = SnmpCodec.EncodeScopedPdu(new ScopedPdu(V3EngineId, [], Response(request, value)));
        byte[] encrypted = UsmCrypto.Encrypt(encryptor.LocalizePrivKey(V3EngineId), 1, V3EngineTime, salt, plaintext);
        var security = new UsmSecurityParameters(
            V3EngineId, 1, V3EngineTime, signer.NameBytes, new byte[UsmCrypto.DigestLength(signer.Auth)], salt);
        byte[] packet = SnmpCodec.EncodeUsm(request.MessageId, 65507, MessageFlags.Auth | MessageFlags.Priv, security, encrypted, out int digestOffset);
        UsmCrypto.Sign(signer.Auth, signer.LocalizeAuthKey(V3EngineId), packet, digestOffset);
        return packet;
    }

    private static byte[] NoAuthResponse(UsmMessage request, UsmUser user, string value)
    {
        byte[] scoped = SnmpCodec.EncodeScopedPdu(new ScopedPdu(V3EngineId, [], Response(request, value)));
        var security = new UsmSecurityParameters(V3EngineId, 1, V3EngineTime, user.NameBytes, [], []);
        return SnmpCodec.EncodeUsm(request.MessageId, 65507, MessageFlags.None, security, scoped, out _);
    }

    private static SnmpPdu Response(UsmMessage request, string value) =>
        new(PduType.GetResponse, request.MessageId, 0, 0, [new(SysName, SnmpValue.OctetString(value))]);
}
