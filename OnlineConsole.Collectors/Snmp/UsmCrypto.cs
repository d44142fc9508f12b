using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OnlineConsole.Collectors.Snmp;

/// <summary>USM key derivation (RFC 3414 A.2, RFC 7860), message digests and AES-CFB-128 privacy (RFC 3826).</summary>
internal static class UsmCrypto
{
    private const int PasswordExpansion = 1_048_576;
    private const int AesKeyLength = 16;
    public const int SaltLength = 8;

    /// <summary>Ku: the hash of the password repeated to fill 1 MB.</summary>
    public static byte[] PasswordToKey(SnmpAuthProtocol protocol, ReadOnlySpan<byte> password)
    {
        using var hash = IncrementalHash.CreateHash(HashName(protocol));
        // 64 copies of the password: a whole number of both passwords and 64-byte hash blocks, so appending it
        // repeatedly continues the cyclic stream exactly.
        byte[] chunk = new byte[password.Length * 64];
        for (int i = 0; i < 64; i++)
        {
            password.CopyTo(chunk.AsSpan(i * password.Length));
        }
        for (int done = 0; done < PasswordExpansion; done += chunk.Length)
        {
            hash.AppendData(chunk, 0, Math.Min(chunk.Length, PasswordExpansion - done));
        }
        return hash.GetHashAndReset();
    }

    /// <summary>Kul = H(Ku || engineID || Ku).</summary>
    public static byte[] LocalizeKey(SnmpAuthProtocol protocol, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> engineId)
    {
        byte[] input = [.. masterKey, .. engineId, .. masterKey];
        return protocol == SnmpAuthProtocol.HmacSha256 ? SHA256.HashData(input) : SHA1.HashData(input);
    }

    /// <summary>Length of msgAuthenticationParameters: 12 bytes for HMAC-SHA-1-96, 24 for HMAC-SHA-256-192.</summary>
    public static int DigestLength(SnmpAuthProtocol protocol) => protocol switch
    {
        SnmpAuthProtocol.HmacSha1 => 12,
        SnmpAuthProtocol.HmacSha256 => 24,
        _ => 0,
    };

    /// <summary>Writes the truncated HMAC of the whole message (digest field still zero) into the digest field.</summary>
    public static void Sign(SnmpAuthProtocol protocol, byte[] key, byte[] message, int digestOffset)
    {
        byte[] mac = Mac(protocol, key, message);
        mac.AsSpan(0, DigestLength(protocol)).CopyTo(message.AsSpan(digestOffset));
    }

    public static bool Verify(SnmpAuthProtocol protocol, byte[] key, ReadOnlySpan<byte> message, int digestOffset, ReadOnlySpan<byte> digest)
    {
        int length = DigestLength(protocol);
        if (digest.Length != length)
        {
            return false;
        }
        byte[] copy = message.ToArray();
        copy.AsSpan(digestOffset, length).Clear();
        return CryptographicOperations.FixedTimeEquals(Mac(protocol, key, copy).AsSpan(0, length), digest);
    }

    public static byte[] Encrypt(byte[] privKey, int engineBoots, int engineTime, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> plaintext) =>
        Cfb(privKey, engineBoots, engineTime, salt, plaintext, encrypt: true);

    public static byte[] Decrypt(byte[] privKey, int engineBoots, int engineTime, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> ciphertext) =>
        Cfb(privKey, engineBoots, engineTime, salt, ciphertext, encrypt: false);

    private static byte[] Cfb(byte[] privKey, int engineBoots, int engineTime, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> input, bool encrypt)
    {
        if (salt.Length != SaltLength)
        {
            throw new ArgumentException("The AES salt (msgPrivacyParameters) is 8 bytes.", nameof(salt));
        }
        // IV = engineBoots || engineTime || salt (RFC 3826 section 3.1.2.1).
        Span<byte> iv = stackalloc byte[16];
        BinaryPrimitives.WriteInt32BigEndian(iv, engineBoots);
        BinaryPrimitives.WriteInt32BigEndian(iv[4..], engineTime);
        salt.CopyTo(iv[8..]);

        // CFB-128 is a stream mode, but .NET wants whole blocks without padding: pad with zeros and cut the output
        // back, which leaves the leading bytes unchanged.
        byte[] padded = new byte[(input.Length + 15) / 16 * 16];
        input.CopyTo(padded);
        using var aes = Aes.Create();
        aes.Key = privKey.AsSpan(0, AesKeyLength).ToArray();
        byte[] output = encrypt
            ? aes.EncryptCfb(padded, iv, PaddingMode.None, feedbackSizeInBits: 128)
            : aes.DecryptCfb(padded, iv, PaddingMode.None, feedbackSizeInBits: 128);
        return output.AsSpan(0, input.Length).ToArray();
    }

    private static byte[] Mac(SnmpAuthProtocol protocol, byte[] key, ReadOnlySpan<byte> message) =>
        protocol == SnmpAuthProtocol.HmacSha256 ? HMACSHA256.HashData(key, message) : HMACSHA1.HashData(key, message);

    private static HashAlgorithmName HashName(SnmpAuthProtocol protocol) => protocol switch
    {
        SnmpAuthProtocol.HmacSha1 => HashAlgorithmName.SHA1,
        SnmpAuthProtocol.HmacSha256 => HashAlgorithmName.SHA256,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };
}
