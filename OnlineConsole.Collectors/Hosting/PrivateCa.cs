using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OnlineConsole.Collectors.Hosting;

/// <summary>
/// Server certificate validation against a site's own certificate authority (a PEM file), for services inside the
/// experiment's network whose certificates the machine's trust store does not know. Only the chain may be anchored
/// differently: a name mismatch or a missing certificate still fails.
/// </summary>
public static class PrivateCa
{
    public static RemoteCertificateValidationCallback Validator(string caPemFile)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(caPemFile);
        if (authorities.Count == 0) throw new InvalidOperationException($"{caPemFile} holds no certificate.");
        return (_, certificate, _, errors) => Validate(authorities, certificate, errors);
    }

    public static bool Validate(X509Certificate2Collection authorities, X509Certificate? certificate, SslPolicyErrors errors)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // Site CAs rarely publish revocation lists reachable from the DAQ network.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
