using System.Net;
using System.Text;
using OnlineConsole.Collectors.Snmp;
using Xunit;
using static OnlineConsole.Tests.Snmp.Captures;

namespace OnlineConsole.Tests.Snmp;

[Trait("Category", "Unit")]
public class UsmCryptoTests
{
    private static readonly byte[] RfcEngineId = Hex("00 00 00 00 00 00 00 00 00 00 00 02");

    [Fact]
    public void Sha1_key_localization_matches_rfc3414_appendix_a3_2()
    {
        byte[] ku = UsmCrypto.PasswordToKey(SnmpAuthProtocol.HmacSha1, "maplesyrup"u8);
        Assert.Equal(Hex("9f b5 cc 03 81 49 7b 37 93 52 89 39 ff 78 8d 5d 79 14 52 11"), ku);
        Assert.Equal(
            Hex("66 95 fe bc 92 88 e3 62 82 23 5f c7 15 1f 12 84 97 b3 8f 3f"),
            UsmCrypto.LocalizeKey(SnmpAuthProtocol.HmacSha1, ku, RfcEngineId));
    }

    [Fact]
    public void Sha256_key_localization_matches_the_published_maplesyrup_values()
    {
        // RFC 7860 gives no vectors; these are the values other implementations publish, and the capture tests below
        // check the same derivation against net-snmp.
        byte[] ku = UsmCrypto.PasswordToKey(SnmpAuthProtocol.HmacSha256, "maplesyrup"u8);
        Assert.Equal(Convert.FromHexString("ab51014d1e077f6017df2b12bee5f5aa72993177e9bb569c4dff5a4ca0b4afac"), ku);
        Assert.Equal(
            Convert.FromHexString("8982e0e549e866db361a6b625d84cccc11162d453ee8ce3a6445c2d6776f0f8b"),
            UsmCrypto.LocalizeKey(SnmpAuthProtocol.HmacSha256, ku, RfcEngineId));
    }

    [Theory]
    [InlineData(SnmpAuthProtocol.HmacSha1)]
    [InlineData(SnmpAuthProtocol.HmacSha256)]
    public void Digests_of_net_snmp_messages_verify_and_ours_are_identical(SnmpAuthProtocol auth)
    {
        var (request, response, user) = NetSnmpExchange(auth);
        byte[] key = user.LocalizeAuthKey(EngineId);
        foreach (byte[] packet in new[] { request, response })
        {
            var message = Assert.IsType<UsmMessage>(SnmpCodec.Decode(packet));
            Assert.True(UsmCrypto.Verify(auth, key, packet, message.AuthParametersOffset, message.Security.AuthParameters));

            byte[] resigned = packet.ToArray();
            resigned.AsSpan(message.AuthParametersOffset, message.Security.AuthParameters.Length).Clear();
            UsmCrypto.Sign(auth, key, resigned, message.AuthParametersOffset);
            Assert.Equal(packet, resigned);
        }

        var wrong = new UsmUser(user.Name, auth, "another-password");
        var requestMessage = (UsmMessage)SnmpCodec.Decode(request);
        Assert.False(UsmCrypto.Verify(auth, wrong.LocalizeAuthKey(EngineId), request, requestMessage.AuthParametersOffset, requestMessage.Security.AuthParameters));
    }

    [Theory]
    [InlineData(SnmpAuthProtocol.HmacSha1)]
    [InlineData(SnmpAuthProtocol.HmacSha256)]
    public void Net_snmp_ciphertexts_decrypt_and_ours_are_identical(SnmpAuthProtocol auth)
    {
        var (request, response, user) = NetSnmpExchange(auth);
        byte[] key = user.LocalizePrivKey(EngineId);

        var sent = (UsmMessage)SnmpCodec.Decode(request);
        byte[] plaintext = UsmCrypto.Decrypt(key, sent.Security.EngineBoots, sent.Security.EngineTime, sent.Security.PrivParameters, sent.EncryptedPdu!);
        var scopedRequest = SnmpCodec.DecodeScopedPdu(plaintext);
        Assert.Equal(EngineId, scopedRequest.ContextEngineId);
        Assert.Equal(PduType.GetRequest, scopedRequest.Pdu.Type);
        Assert.Equal(new VarBind(Oid.Parse("1.3.6.1.2.1.1.5.0"), SnmpValue.Null), Assert.Single(scopedRequest.Pdu.VarBinds));
        Assert.Equal(
            sent.EncryptedPdu,
            UsmCrypto.Encrypt(key, sent.Security.EngineBoots, sent.Security.EngineTime, sent.Security.PrivParameters, plaintext));

        var received = (UsmMessage)SnmpCodec.Decode(response);
        var scopedResponse = SnmpCodec.DecodeScopedPdu(
            UsmCrypto.Decrypt(key, received.Security.EngineBoots, received.Security.EngineTime, received.Security.PrivParameters, received.EncryptedPdu!));
        Assert.Equal(PduType.GetResponse, scopedResponse.Pdu.Type);
        Assert.Equal(scopedRequest.Pdu.RequestId, scopedResponse.Pdu.RequestId);
        Assert.Equal("vm", Assert.Single(scopedResponse.Pdu.VarBinds).Value.AsString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(1000)]
    public void Aes_cfb_keeps_the_length_and_round_trips(int length)
    {
        byte[] key = Enumerable.Range(0, 20).Select(i => (byte)i).ToArray();
        byte[] plaintext = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        byte[] salt = [1, 2, 3, 4, 5, 6, 7, 8];

        byte[] ciphertext = UsmCrypto.Encrypt(key, 5, 1000, salt, plaintext);

        Assert.Equal(length, ciphertext.Length);
        Assert.Equal(plaintext, UsmCrypto.Decrypt(key, 5, 1000, salt, ciphertext));
        if (length > 0)
        {
            Assert.NotEqual(plaintext, ciphertext);
            Assert.NotEqual(ciphertext, UsmCrypto.Encrypt(key, 5, 1001, salt, plaintext));
        }
    }

    [Fact]
    public void Secrets_appear_in_no_text()
    {
        const string AuthPassword = "auth-secret-1";
        const string PrivPassword = "priv-secret-2";
        const string Community = "community-secret-3";
        var user = new UsmUser("operator", SnmpAuthProtocol.HmacSha256, AuthPassword, SnmpPrivProtocol.Aes128, PrivPassword);
        var endPoint = new IPEndPoint(IPAddress.Loopback, 161);
        string keyHex = Convert.ToHexString(user.LocalizeAuthKey(EngineId));

        string[] texts =
        [
            user.ToString(),
            new SnmpV3Target(endPoint, user).ToString(),
            new SnmpV2cTarget(endPoint, Community).ToString(),
            new CommunityMessage(Encoding.UTF8.GetBytes(Community), new SnmpPdu(PduType.GetRequest, 1, 0, 0, [])).ToString(),
            Assert.Throws<ArgumentException>(() => new UsmUser("operator", SnmpAuthProtocol.HmacSha1, "short7!")).Message,
        ];

        Assert.Contains("operator", texts[0], StringComparison.Ordinal);
        foreach (string text in texts)
        {
            Assert.DoesNotContain(AuthPassword, text, StringComparison.Ordinal);
            Assert.DoesNotContain(PrivPassword, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Community, text, StringComparison.Ordinal);
            Assert.DoesNotContain("short7!", text, StringComparison.Ordinal);
            Assert.DoesNotContain(keyHex, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static (byte[] Request, byte[] Response, UsmUser User) NetSnmpExchange(SnmpAuthProtocol auth) => auth == SnmpAuthProtocol.HmacSha1
        ? (V3Sha1AesRequest, V3Sha1AesResponse, new UsmUser(Users.Sha1Name, auth, Users.Sha1AuthPassword, SnmpPrivProtocol.Aes128, Users.Sha1PrivPassword))
        : (V3Sha256AesRequest, V3Sha256AesResponse, new UsmUser(Users.Sha256Name, auth, Users.Sha256AuthPassword, SnmpPrivProtocol.Aes128, Users.Sha256PrivPassword));

    [Fact]
    public void Privacy_without_authentication_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new UsmUser("u", SnmpAuthProtocol.None, null, SnmpPrivProtocol.Aes128, "privpassword"));
    }
}
