using static System.FormattableString;

namespace OnlineConsole.Collectors.Snmp;

/// <summary>Encodes and decodes SNMPv2c (RFC 3416) and SNMPv3/USM (RFC 3412, RFC 3414) messages.</summary>
internal static class SnmpCodec
{
    public const int Version2c = 1;
    public const int Version3 = 3;
    private const int UsmSecurityModel = 3;
    private const int MaxEngineIdLength = 32;
    private const int MaxUserNameLength = 32;

    public static byte[] EncodeCommunity(ReadOnlySpan<byte> community, SnmpPdu pdu)
    {
        var w = new BerWriter();
        int message = w.BeginConstructed(BerTag.Sequence);
        w.WriteInteger(Version2c);
        w.WriteOctetString(community);
        WritePdu(w, pdu);
        w.EndConstructed(message);
        return w.ToArray();
    }

    public static byte[] EncodeScopedPdu(ScopedPdu scoped)
    {
        var w = new BerWriter();
        int sequence = w.BeginConstructed(BerTag.Sequence);
        w.WriteOctetString(scoped.ContextEngineId);
        w.WriteOctetString(scoped.ContextName);
        WritePdu(w, scoped.Pdu);
        w.EndConstructed(sequence);
        return w.ToArray();
    }

    /// <summary>
    /// Encodes a v3 message around <paramref name="scopedPdu"/>: the encoded ScopedPDU, or its ciphertext when
    /// <paramref name="flags"/> has Priv. <paramref name="authParametersOffset"/> is where the digest goes.
    /// </summary>
    public static byte[] EncodeUsm(
        int messageId, int maxSize, MessageFlags flags, UsmSecurityParameters security, ReadOnlySpan<byte> scopedPdu, out int authParametersOffset)
    {
        var w = new BerWriter();
        int message = w.BeginConstructed(BerTag.Sequence);
        w.WriteInteger(Version3);
        int header = w.BeginConstructed(BerTag.Sequence);
        w.WriteInteger(messageId);
        w.WriteInteger(maxSize);
        w.WriteOctetString([(byte)flags]);
        w.WriteInteger(UsmSecurityModel);
        w.EndConstructed(header);
        int securityParameters = w.BeginConstructed(BerTag.OctetString);
        int usm = w.BeginConstructed(BerTag.Sequence);
        w.WriteOctetString(security.EngineId);
        w.WriteInteger(security.EngineBoots);
        w.WriteInteger(security.EngineTime);
        w.WriteOctetString(security.UserName);
        w.MarkContent(security.AuthParameters.Length);
        w.WriteOctetString(security.AuthParameters);
        w.WriteOctetString(security.PrivParameters);
        w.EndConstructed(usm);
        w.EndConstructed(securityParameters);
        if (flags.HasFlag(MessageFlags.Priv))
        {
            w.WriteOctetString(scopedPdu);
        }
        else
        {
            w.WriteRaw(scopedPdu);
        }
        w.EndConstructed(message);
        authParametersOffset = w.MarkedOffset;
        return w.ToArray();
    }

    public static SnmpMessage Decode(ReadOnlySpan<byte> datagram)
    {
        var outer = new BerReader(datagram);
        var message = outer.ReadNested(BerTag.Sequence, "message SEQUENCE");
        outer.ExpectEnd("the message");
        int version = message.ReadInt32("version");
        return version switch
        {
            Version2c => DecodeCommunity(ref message),
            Version3 => DecodeUsm(ref message),
            _ => throw BerReader.Fail(Invariant($"unsupported SNMP version {version}")),
        };
    }

    /// <summary>Decodes a decrypted ScopedPDU.</summary>
    public static ScopedPdu DecodeScopedPdu(ReadOnlySpan<byte> plaintext)
    {
        // Bytes after the ScopedPDU are tolerated: RFC 3414 lets block-cipher padding follow it.
        var reader = new BerReader(plaintext);
        return ReadScopedPdu(ref reader);
    }

    private static CommunityMessage DecodeCommunity(ref BerReader message)
    {
        byte[] community = message.ReadOctetString("community").ToArray();
        var pdu = ReadPdu(ref message);
        message.ExpectEnd("the PDU");
        return new CommunityMessage(community, pdu);
    }

    private static UsmMessage DecodeUsm(ref BerReader message)
    {
        var header = message.ReadNested(BerTag.Sequence, "msgGlobalData");
        int messageId = header.ReadNonNegativeInt32("msgID");
        int maxSize = header.ReadNonNegativeInt32("msgMaxSize");
        var flagOctets = header.ReadOctetString("msgFlags");
        if (flagOctets.Length != 1)
        {
            throw BerReader.Fail("msgFlags is not one byte");
        }
        var flags = (MessageFlags)(flagOctets[0] & 0x07);
        if (flags.HasFlag(MessageFlags.Priv) && !flags.HasFlag(MessageFlags.Auth))
        {
            throw BerReader.Fail("privacy without authentication");
        }
        if (header.ReadInt32("msgSecurityModel") != UsmSecurityModel)
        {
            throw BerReader.Fail("security model is not USM");
        }
        header.ExpectEnd("msgGlobalData");

        var securityOctets = message.ReadNested(BerTag.OctetString, "msgSecurityParameters");
        var usm = securityOctets.ReadNested(BerTag.Sequence, "UsmSecurityParameters");
        securityOctets.ExpectEnd("UsmSecurityParameters");
        var engineId = usm.ReadOctetString("msgAuthoritativeEngineID");
        int boots = usm.ReadNonNegativeInt32("msgAuthoritativeEngineBoots");
        int time = usm.ReadNonNegativeInt32("msgAuthoritativeEngineTime");
        var userName = usm.ReadOctetString("msgUserName");
        var authParameters = usm.ReadOctetString("msgAuthenticationParameters", out int authOffset);
        var privParameters = usm.ReadOctetString("msgPrivacyParameters");
        usm.ExpectEnd("UsmSecurityParameters");
        if (engineId.Length > MaxEngineIdLength || userName.Length > MaxUserNameLength)
        {
            throw BerReader.Fail("engine id or user name longer than 32 bytes");
        }
        var security = new UsmSecurityParameters(
            engineId.ToArray(), boots, time, userName.ToArray(), authParameters.ToArray(), privParameters.ToArray());

        ScopedPdu? scoped = null;
        byte[]? encrypted = null;
        if (flags.HasFlag(MessageFlags.Priv))
        {
            encrypted = message.ReadOctetString("encryptedPDU").ToArray();
        }
        else
        {
            scoped = ReadScopedPdu(ref message);
        }
        message.ExpectEnd("the ScopedPDU");
        return new UsmMessage(messageId, maxSize, flags, security, scoped, encrypted, authOffset);
    }

    private static ScopedPdu ReadScopedPdu(ref BerReader reader)
    {
        var scoped = reader.ReadNested(BerTag.Sequence, "ScopedPDU");
        byte[] contextEngineId = scoped.ReadOctetString("contextEngineID").ToArray();
        byte[] contextName = scoped.ReadOctetString("contextName").ToArray();
        var pdu = ReadPdu(ref scoped);
        scoped.ExpectEnd("the PDU");
        return new ScopedPdu(contextEngineId, contextName, pdu);
    }

    private static SnmpPdu ReadPdu(ref BerReader reader)
    {
        byte tag = reader.PeekTag();
        if (!Enum.IsDefined((PduType)tag))
        {
            throw BerReader.Fail(Invariant($"unsupported PDU tag 0x{tag:X2}"));
        }
        var pdu = reader.ReadNested(tag, "PDU");
        int requestId = pdu.ReadInt32("request-id");
        int errorStatus = pdu.ReadInt32("error-status");
        int errorIndex = pdu.ReadInt32("error-index");
        var list = pdu.ReadNested(BerTag.Sequence, "variable-bindings");
        pdu.ExpectEnd("variable-bindings");
        var varBinds = new List<VarBind>();
        while (list.HasData)
        {
            var varBind = list.ReadNested(BerTag.Sequence, "VarBind");
            var oid = varBind.ReadOid();
            var value = varBind.ReadValue();
            varBind.ExpectEnd("VarBind");
            varBinds.Add(new VarBind(oid, value));
        }
        return new SnmpPdu((PduType)tag, requestId, errorStatus, errorIndex, varBinds);
    }

    private static void WritePdu(BerWriter w, SnmpPdu pdu)
    {
        int start = w.BeginConstructed((byte)pdu.Type);
        w.WriteInteger(pdu.RequestId);
        w.WriteInteger(pdu.ErrorStatus);
        w.WriteInteger(pdu.ErrorIndex);
        int list = w.BeginConstructed(BerTag.Sequence);
        foreach (var varBind in pdu.VarBinds)
        {
            int entry = w.BeginConstructed(BerTag.Sequence);
            w.WriteOid(varBind.Oid);
            w.WriteValue(varBind.Value);
            w.EndConstructed(entry);
        }
        w.EndConstructed(list);
        w.EndConstructed(start);
    }
}
