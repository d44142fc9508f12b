using System.Diagnostics;
using System.Globalization;
using OnlineConsole.Collectors.Snmp;
using Xunit;
using Xunit.Abstractions;

namespace OnlineConsole.Tests.Snmp;

[Trait("Category", "Integration")]
[Collection("snmpd")]
public sealed class SnmpV2cIntegrationTests(SnmpdFixture agent, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Oid SysDescr = SnmpdFixture.SysDescr;
    private static readonly Oid SysObjectId = Oid.Parse("1.3.6.1.2.1.1.2.0");
    private static readonly Oid SysUpTime = Oid.Parse("1.3.6.1.2.1.1.3.0");
    private static readonly Oid SysName = Oid.Parse("1.3.6.1.2.1.1.5.0");
    private static readonly Oid IfNumber = Oid.Parse("1.3.6.1.2.1.2.1.0");
    private static readonly Oid IfTable = Oid.Parse("1.3.6.1.2.1.2.2");
    private static readonly Oid IfXTable = Oid.Parse("1.3.6.1.2.1.31.1.1");

    private readonly SnmpClient _client = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Assert.Equal(0, _client.MalformedPackets);
        await _client.DisposeAsync();
    }

    [Fact]
    public async Task Get_returns_system_scalars_with_their_types()
    {
        var values = await _client.GetAsync(agent.V2c, [SysDescr, SysUpTime, SysObjectId]);

        Assert.Equal([SysDescr, SysUpTime, SysObjectId], values.Select(v => v.Oid));
        Assert.Equal([SnmpType.OctetString, SnmpType.TimeTicks, SnmpType.ObjectIdentifier], values.Select(v => v.Value.Type));
        string expected = await agent.RunToolAsync("snmpget", "-v2c", "-c", SnmpdFixture.Community, "-On", "-OQ", Address(),
            SysDescr.ToString(), SysObjectId.ToString());
        Assert.Equal(
            [(".1.3.6.1.2.1.1.1.0", NetSnmpText.Format(values[0].Value)), (".1.3.6.1.2.1.1.2.0", NetSnmpText.Format(values[2].Value))],
            NetSnmpText.ParseWalk(expected));
        Assert.True(values[1].Value.AsTimeSpan() > TimeSpan.Zero);
    }

    [Fact]
    public async Task GetNext_returns_the_following_objects()
    {
        var next = await _client.GetNextAsync(agent.V2c, [Oid.Parse("1.3.6.1.2.1.1.1"), SysDescr]);

        Assert.Equal([SysDescr, SysObjectId], next.Select(v => v.Oid));
        Assert.Equal(SnmpType.ObjectIdentifier, next[1].Value.Type);
    }

    [Fact]
    public async Task GetBulk_repeats_only_after_the_non_repeaters()
    {
        var ifDescr = Oid.Parse("1.3.6.1.2.1.2.2.1.2");

        var bulk = await _client.GetBulkAsync(agent.V2c, 1, 3, [Oid.Parse("1.3.6.1.2.1.2.1"), ifDescr]);

        Assert.Equal(IfNumber, bulk[0].Oid);
        int interfaces = bulk[0].Value.AsInt32();
        Assert.Equal(1 + Math.Min(3, interfaces), bulk.Count);
        Assert.All(bulk.Skip(1), v => Assert.True(v.Oid.StartsWith(ifDescr) && v.Value.Type == SnmpType.OctetString));
    }

    [Fact]
    public async Task Missing_objects_and_instances_come_back_as_exception_values()
    {
        var values = await _client.GetAsync(agent.V2c, [Oid.Parse("1.3.6.1.2.1.1.99.0"), Oid.Parse("1.3.6.1.2.1.1.1.1"), SysName]);

        Assert.Equal([SnmpType.NoSuchObject, SnmpType.NoSuchInstance, SnmpType.OctetString], values.Select(v => v.Value.Type));
    }

    [Fact]
    public async Task A_wrong_community_gets_no_answer_and_times_out()
    {
        await using var client = new SnmpClient(new SnmpClientOptions { Timeout = TimeSpan.FromMilliseconds(300), Retries = 1 });

        var e = await Assert.ThrowsAsync<SnmpTimeoutException>(() => client.GetAsync(new SnmpV2cTarget(agent.EndPoint, "not-the-community"), SysDescr));

        Assert.DoesNotContain("not-the-community", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.3.6.1.2.1.2.2")]
    [InlineData("1.3.6.1.2.1.31.1.1")]
    public async Task A_table_walk_matches_snmpbulkwalk_field_by_field(string table)
    {
        var root = Oid.Parse(table);
        // Ours first: counters can only have grown by the time snmpbulkwalk reads them.
        var ours = await _client.WalkAsync(agent.V2c, root).ToListAsync();
        var theirs = NetSnmpText.ParseWalk(await BulkWalkAsync(root));

        Assert.Equal(theirs.Select(t => t.Oid), ours.Select(v => NetSnmpText.Format(v.Oid)));
        foreach (var (varBind, (_, text)) in ours.Zip(theirs))
        {
            if (varBind.Value.Type is SnmpType.Counter32 or SnmpType.Counter64)
            {
                Assert.True(ulong.Parse(text, CultureInfo.InvariantCulture) >= varBind.Value.AsUInt64(), $"{varBind} vs {text}");
            }
            else
            {
                Assert.Equal(text, NetSnmpText.Format(varBind.Value));
            }
        }
        output.WriteLine($"{root}: {ours.Count} variables, {ours.Select(v => v.Oid[^1]).Distinct().Count()} rows");
    }

    [Fact]
    public async Task Two_hundred_concurrent_gets_over_one_client_all_get_their_answers()
    {
        Oid[] oids = [SysDescr, SysObjectId, SysName, IfNumber, Oid.Parse("1.3.6.1.2.1.2.2.1.2.1"), Oid.Parse("1.3.6.1.2.1.2.2.1.3.1")];
        var expected = await _client.GetAsync(agent.V2c, oids);

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => _client.GetAsync(agent.V2c, oids[i % oids.Length])));

        for (int i = 0; i < answers.Length; i++)
        {
            Assert.Equal(expected[i % oids.Length].Value, answers[i]);
        }
        Assert.Equal(0, _client.UnmatchedPackets);
    }

    [Fact]
    public async Task Walk_timing_against_snmpbulkwalk()
    {
        // Measured, not asserted: same agent, both tables, max-repetitions 10 as snmpbulkwalk's default.
        await using var client = new SnmpClient(new SnmpClientOptions { MaxRepetitions = 10 });
        await client.WalkAsync(agent.V2c, IfTable).ToListAsync();

        var ours = Stopwatch.StartNew();
        int ourCount = (await client.WalkAsync(agent.V2c, IfTable).ToListAsync()).Count
            + (await client.WalkAsync(agent.V2c, IfXTable).ToListAsync()).Count;
        ours.Stop();

        var theirs = Stopwatch.StartNew();
        int theirCount = NetSnmpText.ParseWalk(await BulkWalkAsync(IfTable)).Count + NetSnmpText.ParseWalk(await BulkWalkAsync(IfXTable)).Count;
        theirs.Stop();

        output.WriteLine($"SnmpClient:   {ours.Elapsed.TotalMilliseconds:F1} ms for {ourCount} variables (ifTable + ifXTable)");
        output.WriteLine($"snmpbulkwalk: {theirs.Elapsed.TotalMilliseconds:F1} ms for {theirCount} variables (two processes, including start-up)");
        Assert.Equal(theirCount, ourCount);
    }

    private string Address() => $"udp:127.0.0.1:{agent.EndPoint.Port.ToString(CultureInfo.InvariantCulture)}";

    private Task<string> BulkWalkAsync(Oid root) =>
        agent.RunToolAsync("snmpbulkwalk", "-v2c", "-c", SnmpdFixture.Community, "-On", "-Ob", "-Oe", "-OQ", "-Ot", Address(), root.ToString());
}
