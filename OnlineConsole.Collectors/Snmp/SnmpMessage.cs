namespace OnlineConsole.Collectors.Snmp;

/// <summary>The PDU types this client sends or accepts (RFC 3416 section 3); each value is the BER tag.</summary>
internal enum PduType
{
    GetRequest = 0xA0,
    GetNextRequest = 0xA1,
    GetResponse = 0xA2,
    GetBulkRequest = 0xA5,
    Report = 0xA8,
}

/// <summary>
/// A PDU. In a GetBulkRequest the two middle fields carry non-repeaters and max-repetitions instead of
/// error-status and error-index (RFC 3416 section 3).
/// </summary>
internal sealed record SnmpPdu(PduType Type, int RequestId, int ErrorStatus, int ErrorIndex, IReadOnlyList<VarBind> VarBinds);

internal abstract record SnmpMessage;

/// <summary>An SNMPv2c message; the community is a shared secret, so it is left out of ToString.</summary>
internal sealed record CommunityMessage(byte[] Community, SnmpPdu Pdu) : SnmpMessage
{
    public override string ToString() => $"SNMPv2c {Pdu}";
}

internal sealed record ScopedPdu(byte[] ContextEngineId, byte[] ContextName, SnmpPdu Pdu);

/// <summary>USM security parameters (RFC 3414 section 2.4).</summary>
internal sealed record UsmSecurityParameters(
    byte[] EngineId, int EngineBoots, int EngineTime, byte[] UserName, byte[] AuthParameters, byte[] PrivParameters);

[Flags]
internal enum MessageFlags
{
    None = 0,
    Auth = 1,
    Priv = 2,
    Reportable = 4,
}

/// <summary>
/// An SNMPv3 message with USM security. Exactly one of <see cref="Scoped"/> (plaintext) and
/// <see cref="EncryptedPdu"/> is set. <see cref="AuthParametersOffset"/> locates the digest in the datagram.
/// </summary>
internal sealed record UsmMessage(
    int MessageId,
    int MaxSize,
    MessageFlags Flags,
    UsmSecurityParameters Security,
    ScopedPdu? Scoped,
    byte[]? EncryptedPdu,
    int AuthParametersOffset) : SnmpMessage;
