using OnlineConsole.Collectors.Snmp;
using Xunit;
using static OnlineConsole.Tests.Snmp.SnmpdFixture;

namespace OnlineConsole.Tests.Snmp;

[Trait("Category", "Integration")]
[Collection("snmpd")]
public sealed class SnmpV3IntegrationTests(SnmpdFixture agent) : IAsyncLifetime
{
    private readonly SnmpClient _client = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Assert.Equal(0, _client.MalformedPackets);
        await _client.DisposeAsync();
    }

    [Theory]
    [InlineData(SnmpAuthProtocol.HmacSha1)]
    [InlineData(SnmpAuthProtocol.HmacSha256)]
    public async Task AuthPriv_get_returns_the_same_sysDescr_as_v2c(SnmpAuthProtocol auth)
    {
        var v3 = auth == SnmpAuthProtocol.HmacSha1
            ? agent.V3(Sha1User, auth, Sha1AuthPassword, SnmpPrivProtocol.Aes128, Sha1PrivPassword)
            : agent.V3(Sha256User, auth, Sha256AuthPassword, SnmpPrivProtocol.Aes128, Sha256PrivPassword);

        var viaV3 = await _client.GetAsync(v3, SysDescr);

        Assert.Equal(await _client.GetAsync(agent.V2c, SysDescr), viaV3);
        Assert.Equal(0, _client.AuthenticationFailures);
    }

    [Fact]
    public async Task AuthNoPriv_get_works_for_an_auth_user()
    {
        var v3 = agent.V3(AuthOnlyUser, SnmpAuthProtocol.HmacSha1, AuthOnlyPassword);

        Assert.Equal(await _client.GetAsync(agent.V2c, SysDescr), await _client.GetAsync(v3, SysDescr));
    }

    [Fact]
    public async Task NoAuthNoPriv_get_works_for_a_user_without_keys()
    {
        var v3 = new SnmpV3Target(agent.EndPoint, new UsmUser(NoAuthUser));

        Assert.Equal(await _client.GetAsync(agent.V2c, SysDescr), await _client.GetAsync(v3, SysDescr));
    }

    [Fact]
    public async Task A_walk_over_v3_matches_the_v2c_walk()
    {
        var v3 = agent.V3(Sha256User, SnmpAuthProtocol.HmacSha256, Sha256AuthPassword, SnmpPrivProtocol.Aes128, Sha256PrivPassword);
        var system = Oid.Parse("1.3.6.1.2.1.1.9");

        Assert.Equal(await _client.WalkAsync(agent.V2c, system).ToListAsync(), await _client.WalkAsync(v3, system).ToListAsync());
    }

    [Fact]
    public async Task A_wrong_password_is_reported_as_a_wrong_digest()
    {
        var v3 = agent.V3(Sha1User, SnmpAuthProtocol.HmacSha1, "not-the-password", SnmpPrivProtocol.Aes128, Sha1PrivPassword);

        var e = await Assert.ThrowsAsync<SnmpAuthenticationException>(() => _client.GetAsync(v3, SysDescr));

        Assert.Equal(UsmError.WrongDigest, e.Reason);
        Assert.DoesNotContain("not-the-password", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Sha1PrivPassword, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_wrong_auth_protocol_is_reported_as_a_wrong_digest()
    {
        var v3 = agent.V3(Sha256User, SnmpAuthProtocol.HmacSha1, Sha256AuthPassword, SnmpPrivProtocol.Aes128, Sha256PrivPassword);

        var e = await Assert.ThrowsAsync<SnmpAuthenticationException>(() => _client.GetAsync(v3, SysDescr));

        Assert.Equal(UsmError.WrongDigest, e.Reason);
    }

    [Fact]
    public async Task An_unknown_user_is_reported_as_such()
    {
        var v3 = agent.V3("nobody", SnmpAuthProtocol.HmacSha1, Sha1AuthPassword, SnmpPrivProtocol.Aes128, Sha1PrivPassword);

        var e = await Assert.ThrowsAsync<SnmpAuthenticationException>(() => _client.GetAsync(v3, SysDescr));

        Assert.Equal(UsmError.UnknownUserName, e.Reason);
    }

    [Fact]
    public async Task A_priv_user_without_privacy_is_refused_by_the_access_rules()
    {
        var v3 = agent.V3(Sha1User, SnmpAuthProtocol.HmacSha1, Sha1AuthPassword);

        var e = await Assert.ThrowsAsync<SnmpErrorException>(() => _client.GetAsync(v3, SysDescr));

        Assert.Equal(SnmpErrorStatus.AuthorizationError, e.Status);
    }

    [Fact]
    public async Task A_stale_engine_clock_is_resynchronised_once()
    {
        var v3 = agent.V3(Sha1User, SnmpAuthProtocol.HmacSha1, Sha1AuthPassword, SnmpPrivProtocol.Aes128, Sha1PrivPassword);
        var engine = await _client.GetEngineAsync(agent.EndPoint, CancellationToken.None);
        var (boots, time) = engine.Now();
        engine.Update(boots + 5, time);

        Assert.Equal(await _client.GetAsync(agent.V2c, SysDescr), await _client.GetAsync(v3, SysDescr));

        var rediscovered = await _client.GetEngineAsync(agent.EndPoint, CancellationToken.None);
        Assert.NotSame(engine, rediscovered);
        Assert.Equal(engine.EngineId, rediscovered.EngineId);
        Assert.Equal(boots, rediscovered.Now().Boots);
    }

    [Fact]
    public async Task A_hundred_concurrent_first_requests_to_a_v3_agent_all_succeed()
    {
        var v3 = agent.V3(Sha256User, SnmpAuthProtocol.HmacSha256, Sha256AuthPassword, SnmpPrivProtocol.Aes128, Sha256PrivPassword);
        var expected = await _client.GetAsync(agent.V2c, SysDescr);
        await using var fresh = new SnmpClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => fresh.GetAsync(v3, SysDescr)));

        Assert.All(answers, a => Assert.Equal(expected, a));
        Assert.Equal(0, fresh.UnmatchedPackets);
    }
}
