using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ModelOpt.Client;

/// <summary>How a client checks the command endpoint's HTTPS certificate against the cluster's own CA.</summary>
public static class ServerCertificates
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>
    /// Whether <paramref name="certificate"/> names the host asked for and chains to one of <paramref name="authorities"/>
    /// (and only to them: the machine's trusted roots count for nothing), meant for server authentication.
    /// </summary>
    public static bool ChainsTo(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // The cluster's CA publishes no revocation lists (docs/security.md).
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        if (certificate is X509Certificate2 full) return chain.Build(full);
        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(copy);
    }

    /// <summary>The certificates of a PEM file (the cluster's <c>ca.crt</c>); throws <see cref="CryptographicException"/> or an I/O exception.</summary>
    public static X509Certificate2Collection ReadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(path);
        return authorities.Count > 0 ? authorities : throw new CryptographicException($"'{path}' holds no certificate");
    }
}
