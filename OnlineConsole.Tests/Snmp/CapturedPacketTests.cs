using OnlineConsole.Collectors.Snmp;
using Xunit;
using static OnlineConsole.Tests.Snmp.Captures;

namespace OnlineConsole.Tests.Snmp;

/// <summary>The codec against datagrams that net-snmp's tools and snmpd exchanged.</summary>
[Trait("Category", "Unit")]
public class CapturedPacketTests
{
    private static readonly Oid SysDescr = Oid.Parse("1.3.6.1.2.1.1.1.0");
    private static readonly Oid SysUpTime = Oid.Parse("1.3.6.1.2.1.1.3.0");

    [Fact]
    public void Get_request_encodes_exactly_as_snmpget_sends_it()
    {
        var pdu = new SnmpPdu(PduType.GetRequest, 0x5B6B72D2, 0, 0, [new(SysDescr, SnmpValue.Null), new(SysUpTime, SnmpValue.Null)]);
        Assert.Equal(V2cGetRequest, SnmpCodec.EncodeCommunity("public"u8, pdu));
    }

    [Fact]
    public void Get_response_decodes_to_the_agent_values()
    {
        var message = Assert.IsType<CommunityMessage>(SnmpCodec.Decode(V2cGetResponse));

        Assert.Equal(PduType.GetResponse, message.Pdu.Type);
        Assert.Equal(0x5B6B72D2, message.Pdu.RequestId);
        Assert.Equal([SysDescr, SysUpTime], message.Pdu.VarBinds.Select(v => v.Oid));
        Assert.Equal("Linux vm 6.18.44-fc-v445 #1 SMP PREEMPT_DYNAMIC @0 x86_64", message.Pdu.VarBinds[0].Value.AsString());
        var upTime = message.Pdu.VarBinds[1].Value;
        Assert.Equal(SnmpType.TimeTicks, upTime.Type);
        Assert.Equal(0x805Cu, upTime.AsUInt32());
        Assert.Equal(TimeSpan.FromSeconds(328.60), upTime.AsTimeSpan());
    }

    [Fact]
    public void Get_bulk_request_and_response_match_snmpbulkget()
    {
        var request = new SnmpPdu(PduType.GetBulkRequest, 0x455B49CB, 1, 2,
            [new(Oid.Parse("1.3.6.1.2.1.1.99.0"), SnmpValue.Null), new(Oid.Parse("1.3.6.1.2.1.31.1.1.1.6"), SnmpValue.Null)]);
        Assert.Equal(V2cBulkRequest, SnmpCodec.EncodeCommunity("public"u8, request));

        var response = Assert.IsType<CommunityMessage>(SnmpCodec.Decode(V2cBulkResponse)).Pdu;
        Assert.Equal(
            [
                new VarBind(Oid.Parse("1.3.6.1.2.1.2.1.0"), SnmpValue.Integer(4)),
                new VarBind(Oid.Parse("1.3.6.1.2.1.31.1.1.1.6.1"), SnmpValue.Counter64(0x055F7604)),
                new VarBind(Oid.Parse("1.3.6.1.2.1.31.1.1.1.6.2"), SnmpValue.Counter64(0)),
            ],
            response.VarBinds);
    }

    [Fact]
    public void Exception_values_decode()
    {
        var missing = Assert.IsType<CommunityMessage>(SnmpCodec.Decode(V2cMissingResponse)).Pdu.VarBinds;
        Assert.Equal([SnmpValue.NoSuchObject, SnmpValue.NoSuchInstance], missing.Select(v => v.Value));
        Assert.All(missing, v => Assert.True(v.Value.IsException));

        var end = Assert.Single(Assert.IsType<CommunityMessage>(SnmpCodec.Decode(V2cEndOfMibViewResponse)).Pdu.VarBinds);
        Assert.Equal(new VarBind(Oid.Parse("1.9"), SnmpValue.EndOfMibView), end);
    }

    [Fact]
    public void Discovery_request_encodes_exactly_as_snmpget_sends_it()
    {
        byte[] scoped = SnmpCodec.EncodeScopedPdu(new ScopedPdu([], [], new SnmpPdu(PduType.GetRequest, 0x595A3B2B, 0, 0, [])));
        byte[] encoded = SnmpCodec.EncodeUsm(
            0x2E4994BA, 65507, MessageFlags.Reportable, new UsmSecurityParameters([], 0, 0, [], [], []), scoped, out _);
        Assert.Equal(V3DiscoveryRequest, encoded);
    }

    [Fact]
    public void Discovery_report_gives_engine_id_boots_and_time()
    {
        var report = Assert.IsType<UsmMessage>(SnmpCodec.Decode(V3DiscoveryReport));

        Assert.Equal(0x2E4994BA, report.MessageId);
        Assert.Equal(MessageFlags.None, report.Flags);
        Assert.Equal(EngineId, report.Security.EngineId);
        Assert.Equal((1, 12), (report.Security.EngineBoots, report.Security.EngineTime));
        Assert.Equal(PduType.Report, report.Scoped!.Pdu.Type);
        Assert.Equal(new VarBind(Oid.Parse("1.3.6.1.6.3.15.1.1.4.0"), SnmpValue.Counter32(1)), Assert.Single(report.Scoped.Pdu.VarBinds));
    }

    [Fact]
    public void Encrypted_messages_decode_up_to_the_ciphertext()
    {
        var request = Assert.IsType<UsmMessage>(SnmpCodec.Decode(V3Sha1AesRequest));

        Assert.Equal(MessageFlags.Auth | MessageFlags.Priv | MessageFlags.Reportable, request.Flags);
        Assert.Equal("alice"u8.ToArray(), request.Security.UserName);
        Assert.Equal(12, request.Security.AuthParameters.Length);
        Assert.Equal(8, request.Security.PrivParameters.Length);
        Assert.Null(request.Scoped);
        Assert.Equal(0x35, request.EncryptedPdu!.Length);
        Assert.Equal(request.Security.AuthParameters, V3Sha1AesRequest.AsSpan(request.AuthParametersOffset, 12).ToArray());
    }
}
