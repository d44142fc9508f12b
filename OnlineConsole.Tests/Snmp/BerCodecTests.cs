using System.Net;
using OnlineConsole.Collectors.Snmp;
using Xunit;
using static OnlineConsole.Tests.Snmp.Captures;

namespace OnlineConsole.Tests.Snmp;

[Trait("Category", "Unit")]
public class BerCodecTests
{
    [Theory]
    [InlineData(0, "02 01 00")]
    [InlineData(127, "02 01 7F")]
    [InlineData(128, "02 02 00 80")]
    [InlineData(256, "02 02 01 00")]
    [InlineData(-1, "02 01 FF")]
    [InlineData(-128, "02 01 80")]
    [InlineData(-129, "02 02 FF 7F")]
    [InlineData(int.MaxValue, "02 04 7F FF FF FF")]
    [InlineData(int.MinValue, "02 04 80 00 00 00")]
    public void Integers_use_minimal_twos_complement(int value, string expected)
    {
        Assert.Equal(Hex(expected), Encode(SnmpValue.Integer(value)));
    }

    public static TheoryData<SnmpValue, string> UnsignedEncodings => new()
    {
        { SnmpValue.Counter32(0), "41 01 00" },
        { SnmpValue.Counter32(127), "41 01 7F" },
        { SnmpValue.Counter32(128), "41 02 00 80" },
        { SnmpValue.Gauge32(0x8000_0000), "42 05 00 80 00 00 00" },
        { SnmpValue.TimeTicks(uint.MaxValue), "43 05 00 FF FF FF FF" },
        { SnmpValue.Counter64(0), "46 01 00" },
        { SnmpValue.Counter64(long.MaxValue), "46 08 7F FF FF FF FF FF FF FF" },
        { SnmpValue.Counter64(ulong.MaxValue), "46 09 00 FF FF FF FF FF FF FF FF" },
    };

    [Theory]
    [MemberData(nameof(UnsignedEncodings))]
    public void Unsigned_types_get_a_leading_zero_when_the_top_bit_is_set(SnmpValue value, string expected)
    {
        Assert.Equal(Hex(expected), Encode(value));
    }

    [Theory]
    [InlineData(0, "04 00")]
    [InlineData(127, "04 7F")]
    [InlineData(128, "04 81 80")]
    [InlineData(255, "04 81 FF")]
    [InlineData(256, "04 82 01 00")]
    [InlineData(70000, "04 83 01 11 70")]
    public void Lengths_use_the_short_form_below_128_and_the_long_form_above(int length, string header)
    {
        byte[] encoded = Encode(SnmpValue.OctetString(new byte[length]));
        Assert.Equal(Hex(header), encoded[..^length]);
    }

    [Theory]
    [InlineData("1.3.6.1.2.1.1.1.0", "06 08 2B 06 01 02 01 01 01 00")]
    [InlineData("1.3.6.1.4.1.268435455", "06 09 2B 06 01 04 01 FF FF FF 7F")]
    [InlineData("1.3.6.1.4.1.268435456", "06 0A 2B 06 01 04 01 81 80 80 80 00")]
    [InlineData("1.3.4294967295", "06 06 2B 8F FF FF FF 7F")]
    [InlineData("2.999.3", "06 03 88 37 03")]
    [InlineData("0.0", "06 01 00")]
    public void Oids_pack_the_first_two_arcs_and_use_base_128(string oid, string expected)
    {
        Assert.Equal(Hex(expected), Encode(SnmpValue.ObjectIdentifier(Oid.Parse(oid))));
    }

    public static TheoryData<SnmpValue> EveryType => new()
    {
        SnmpValue.Integer(0), SnmpValue.Integer(-1), SnmpValue.Integer(int.MinValue), SnmpValue.Integer(int.MaxValue),
        SnmpValue.OctetString(""), SnmpValue.OctetString("eth0"), SnmpValue.OctetString(new byte[300]),
        SnmpValue.OctetString([0x00, 0xFF, 0x80]),
        SnmpValue.Null,
        SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.8072.3.2.10")),
        SnmpValue.ObjectIdentifier(LongestOid()),
        SnmpValue.IpAddress(IPAddress.Parse("192.0.2.255")),
        SnmpValue.Counter32(0), SnmpValue.Counter32(uint.MaxValue),
        SnmpValue.Gauge32(0x8000_0000), SnmpValue.TimeTicks(uint.MaxValue),
        SnmpValue.Opaque([0x9F, 0x78, 0x04, 0x3F, 0x80, 0x00, 0x00]),
        SnmpValue.Counter64(0), SnmpValue.Counter64(ulong.MaxValue),
        SnmpValue.NoSuchObject, SnmpValue.NoSuchInstance, SnmpValue.EndOfMibView,
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public void Every_type_round_trips_through_a_v2c_response(SnmpValue value)
    {
        var oid = LongestOid();
        var pdu = new SnmpPdu(PduType.GetResponse, int.MinValue, 0, 0, [new VarBind(oid, value)]);

        var decoded = Assert.IsType<CommunityMessage>(SnmpCodec.Decode(SnmpCodec.EncodeCommunity("public"u8, pdu)));

        Assert.Equal("public"u8.ToArray(), decoded.Community);
        Assert.Equal(int.MinValue, decoded.Pdu.RequestId);
        var varBind = Assert.Single(decoded.Pdu.VarBinds);
        Assert.Equal(oid, varBind.Oid);
        Assert.Equal(value, varBind.Value);
        Assert.Equal(value.Type, varBind.Value.Type);
    }

    [Fact]
    public void A_large_response_with_multi_byte_lengths_at_every_level_round_trips()
    {
        var varBinds = Enumerable.Range(0, 400)
            .Select(i => new VarBind(Oid.Parse("1.3.6.1.2.1.2.2.1.2").Append((uint)i), SnmpValue.OctetString(new string('x', i % 200))))
            .ToList();
        var pdu = new SnmpPdu(PduType.GetResponse, 7, 0, 0, varBinds);

        byte[] encoded = SnmpCodec.EncodeCommunity("public"u8, pdu);
        var decoded = Assert.IsType<CommunityMessage>(SnmpCodec.Decode(encoded));

        Assert.Equal(0x82, encoded[1]);
        Assert.Equal(varBinds, decoded.Pdu.VarBinds);
    }

    [Fact]
    public void A_v3_message_round_trips_and_reports_where_its_digest_is()
    {
        var security = new UsmSecurityParameters(EngineId, 3, 123456, "user"u8.ToArray(), [.. Enumerable.Range(1, 24).Select(i => (byte)i)], new byte[8]);
        byte[] scoped = SnmpCodec.EncodeScopedPdu(new ScopedPdu(EngineId, [], new SnmpPdu(PduType.Report, 9, 0, 0, [])));

        byte[] encoded = SnmpCodec.EncodeUsm(42, 65507, MessageFlags.Auth | MessageFlags.Reportable, security, scoped, out int digestOffset);
        var decoded = Assert.IsType<UsmMessage>(SnmpCodec.Decode(encoded));

        Assert.Equal(42, decoded.MessageId);
        Assert.Equal(65507, decoded.MaxSize);
        Assert.Equal(MessageFlags.Auth | MessageFlags.Reportable, decoded.Flags);
        Assert.Equal(EngineId, decoded.Security.EngineId);
        Assert.Equal((3, 123456), (decoded.Security.EngineBoots, decoded.Security.EngineTime));
        Assert.Equal(security.AuthParameters, decoded.Security.AuthParameters);
        Assert.Equal(digestOffset, decoded.AuthParametersOffset);
        Assert.Equal(security.AuthParameters, encoded.AsSpan(digestOffset, 24).ToArray());
        Assert.Equal(PduType.Report, decoded.Scoped!.Pdu.Type);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("30", "truncated length")]
    [InlineData("30 03 02 01", "content shorter than its length")]
    [InlineData("30 80 02 01 01 00 00", "indefinite length")]
    [InlineData("30 85 00 00 00 00 03 02 01 01", "five length bytes")]
    [InlineData("30 84 7F FF FF FF 02 01 01", "length far past the buffer")]
    [InlineData("30 81", "length bytes missing")]
    [InlineData("1F 81 01 00", "multi-byte tag")]
    [InlineData("30 03 02 01 01 00", "trailing byte after the message")]
    [InlineData("30 09 02 05 00 00 00 00 01 04 00", "five-byte INTEGER")]
    [InlineData("30 02 02 00", "empty INTEGER")]
    [InlineData("30 0D 02 01 00 04 06 70 75 62 6C 69 63 A2 00", "SNMPv1")]
    [InlineData("30 12 02 01 01 04 00 A2 0C 02 01 01 02 01 00 02 01 00 30 00", "PDU longer than the message")]
    [InlineData("30 15 02 01 01 04 00 A4 0E 02 01 01 02 01 00 02 01 00 30 03 30 01 00", "trap PDU type")]
    [InlineData("30 16 02 01 01 04 00 A2 0F 02 01 01 02 01 00 02 01 00 30 04 30 02 06 00", "empty OID")]
    public void Malformed_messages_fail_with_SnmpDecodeException(string hex, string why)
    {
        AssertRejected(Hex(hex), why);
    }

    [Theory]
    [InlineData("06 03 2B 06 81", "truncated sub-identifier")]
    [InlineData("06 03 2B 80 01", "leading zero group")]
    [InlineData("06 07 2B 90 80 80 80 80 00", "sub-identifier above 2^32")]
    [InlineData("05 01 00", "NULL with content")]
    [InlineData("80 01 00", "noSuchObject with content")]
    [InlineData("40 05 01 02 03 04 05", "IpAddress of five bytes")]
    [InlineData("41 05 01 00 00 00 00", "Counter32 of five significant bytes")]
    [InlineData("46 0A 00 00 FF FF FF FF FF FF FF FF", "Counter64 of ten bytes")]
    [InlineData("41 00", "empty Counter32")]
    [InlineData("47 01 00", "unknown application tag")]
    [InlineData("30 00", "constructed value")]
    public void Malformed_values_fail_with_SnmpDecodeException(string valueHex, string why)
    {
        byte[] value = Hex(valueHex);
        byte[] varBind = [0x30, (byte)(10 + value.Length), .. Hex("06 08 2B 06 01 02 01 01 01 00"), .. value];
        byte[] list = [0x30, (byte)varBind.Length, .. varBind];
        byte[] pdu = [0xA2, (byte)(9 + list.Length), .. Hex("02 01 01 02 01 00 02 01 00"), .. list];
        byte[] message = [0x30, (byte)(5 + pdu.Length), .. Hex("02 01 01 04 00"), .. pdu];

        AssertRejected(message, why);
    }

    [Fact]
    public void Unsigned_values_sent_without_the_leading_zero_are_read_as_unsigned()
    {
        byte[] message = Hex("30 22 02 01 01 04 00 A2 1B 02 01 01 02 01 00 02 01 00 30 10 30 0E 06 08 2B 06 01 02 01 01 03 00 43 02 FF FF");
        var decoded = Assert.IsType<CommunityMessage>(SnmpCodec.Decode(message));
        Assert.Equal(0xFFFFu, decoded.Pdu.VarBinds[0].Value.AsUInt32());
    }

    [Fact]
    public void Deep_nesting_is_rejected_without_recursion()
    {
        byte[] nested = new byte[20_000];
        for (int i = 0; i < nested.Length; i += 2)
        {
            nested[i] = 0x30;
            nested[i + 1] = 0x80;
        }
        AssertRejected(nested, "10000 levels of indefinite-length nesting");

        byte[] definite = [0x02, 0x01, 0x01];
        for (int depth = 0; depth < 60; depth++)
        {
            definite = [0x30, (byte)definite.Length, .. definite];
        }
        AssertRejected(definite, "60 levels of nesting");
    }

    [Fact]
    public void A_huge_declared_length_allocates_nothing_in_proportion()
    {
        byte[] message = Hex("30 84 7F FF FF F0 02 01 01 04 84 7F FF FF 00 70 75 62");
        Assert.Throws<SnmpDecodeException>(() => SnmpCodec.Decode(message));

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<SnmpDecodeException>(() => SnmpCodec.Decode(message));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16_384);
    }

    [Fact]
    public void Privacy_without_authentication_is_rejected()
    {
        byte[] message = V3DiscoveryRequest.ToArray();
        Assert.Equal(0x04, message[20]); // msgFlags: reportable
        message[20] = 0x02;
        AssertRejected(message, "msgFlags priv without auth");
    }

    private static void AssertRejected(byte[] message, string why)
    {
        try
        {
            SnmpCodec.Decode(message);
        }
        catch (SnmpDecodeException)
        {
            return;
        }
        Assert.Fail("Decoded a message with " + why + ".");
    }

    private static Oid LongestOid() => new([1, 3, .. Enumerable.Repeat(uint.MaxValue, 126)]);

    private static byte[] Encode(SnmpValue value)
    {
        var writer = new BerWriter();
        writer.WriteValue(value);
        return writer.ToArray();
    }
}
