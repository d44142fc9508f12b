using System.Text;

namespace OnlineConsole.Collectors.Snmp;

public enum SnmpAuthProtocol
{
    None,

    /// <summary>usmHMACSHAAuthProtocol, HMAC-SHA-1-96 (RFC 3414).</summary>
    HmacSha1,

    /// <summary>usmHMAC192SHA256AuthProtocol, HMAC-SHA-256-192 (RFC 7860).</summary>
    HmacSha256,
}

public enum SnmpPrivProtocol
{
    None,

    /// <summary>usmAesCfb128Protocol (RFC 3826).</summary>
    Aes128,
}

/// <summary>
/// An SNMPv3 USM user. The passwords are turned into master keys (RFC 3414 A.2) at construction and not kept;
/// keys appear in no ToString or message.
/// </summary>
public sealed class UsmUser
{
    private readonly byte[] _authMasterKey;
    private readonly byte[] _privMasterKey;

    /// <summary>A noAuthNoPriv user.</summary>
    public UsmUser(string name)
        : this(name, SnmpAuthProtocol.None, null, SnmpPrivProtocol.None, null)
    {
    }

    public UsmUser(string name, SnmpAuthProtocol auth, string? authPassword, SnmpPrivProtocol priv = SnmpPrivProtocol.None, string? privPassword = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        NameBytes = Encoding.UTF8.GetBytes(name);
        if (NameBytes.Length > 32)
        {
            throw new ArgumentException("USM user names are at most 32 bytes.", nameof(name));
        }
        if (priv != SnmpPrivProtocol.None && auth == SnmpAuthProtocol.None)
        {
            throw new ArgumentException("Privacy requires authentication.", nameof(priv));
        }
        Name = name;
        Auth = auth;
        Priv = priv;
        _authMasterKey = auth == SnmpAuthProtocol.None ? [] : UsmCrypto.PasswordToKey(auth, RequirePassword(authPassword, nameof(authPassword)));
        _privMasterKey = priv == SnmpPrivProtocol.None ? [] : UsmCrypto.PasswordToKey(auth, RequirePassword(privPassword, nameof(privPassword)));
    }

    public string Name { get; }

    public SnmpAuthProtocol Auth { get; }

    public SnmpPrivProtocol Priv { get; }

    internal byte[] NameBytes { get; }

    internal MessageFlags SecurityLevel =>
        (Auth == SnmpAuthProtocol.None ? MessageFlags.None : MessageFlags.Auth) | (Priv == SnmpPrivProtocol.None ? MessageFlags.None : MessageFlags.Priv);

    internal byte[] LocalizeAuthKey(ReadOnlySpan<byte> engineId) => UsmCrypto.LocalizeKey(Auth, _authMasterKey, engineId);

    internal byte[] LocalizePrivKey(ReadOnlySpan<byte> engineId) => UsmCrypto.LocalizeKey(Auth, _privMasterKey, engineId);

    public override string ToString() => $"{Name} (auth {Auth}, priv {Priv})";

    private static byte[] RequirePassword(string? password, string parameterName)
    {
        // RFC 3414 section 11.2 asks for at least 8 characters; net-snmp refuses shorter ones.
        if (password is null || password.Length < 8)
        {
            throw new ArgumentException("The password must have at least 8 characters.", parameterName);
        }
        return Encoding.UTF8.GetBytes(password);
    }
}
