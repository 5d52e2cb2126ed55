using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ModelOpt.Cluster.Security;

/// <summary>
/// A node's TLS material: its own certificate (with the private key) and the cluster's certificate authorities. A peer
/// is trusted only when its certificate chains to one of those authorities (the machine's own trusted roots count for
/// nothing), is valid now, and is meant for both server and client authentication. Several authorities may be trusted
/// at once, which is how a CA is rotated (docs/security.md).
/// </summary>
public sealed class ClusterTls
{
    private ClusterTls(X509Certificate2 certificate, X509Certificate2Collection authorities, string source)
    {
        Certificate = certificate;
        Authorities = authorities;
        Source = source;
    }

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate authorities whose certificates this node accepts.</summary>
    public X509Certificate2Collection Authorities { get; }

    /// <summary>Where the material came from (a directory, or "in memory"), for messages.</summary>
    public string Source { get; }

    /// <summary>
    /// Reads <c>tls.crt</c>, <c>tls.key</c> and <c>ca.crt</c> (PEM; <c>ca.crt</c> may hold several authorities) from
    /// <paramref name="directory"/>, the layout of a Kubernetes TLS Secret. Throws <see cref="ArgumentException"/>
    /// naming the file when one is missing or unreadable, or when the certificate is not one the authorities vouch for.
    /// </summary>
    public static ClusterTls Load(string directory)
    {
        string File(string name)
        {
            var path = Path.Combine(directory, name);
            return System.IO.File.Exists(path) ? path : throw new ArgumentException($"--tls-dir: '{path}' does not exist");
        }

        var certificatePath = File(ClusterCertificates.CertificateFile);
        var keyPath = File(ClusterCertificates.KeyFile);
        var authoritiesPath = File(ClusterCertificates.CaCertificateFile);
        X509Certificate2 certificate;
        var authorities = new X509Certificate2Collection();
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            authorities.ImportFromPemFile(authoritiesPath);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--tls-dir: cannot read the certificate, key or CA in '{directory}': {e.Message}", e);
        }
        if (authorities.Count == 0) throw new ArgumentException($"--tls-dir: '{authoritiesPath}' holds no certificate");
        var tls = new ClusterTls(certificate, authorities, directory);
        if (tls.Check(certificate) is { } problem)
            throw new ArgumentException($"--tls-dir: '{certificatePath}' is not a certificate this cluster accepts: {problem}");
        return tls;
    }

    /// <summary>
    /// A certificate authority and node certificate made for this process only and never written anywhere, so that no
    /// other process can hold a certificate it accepts: for a single-process node that must not be joined at all.
    /// </summary>
    public static ClusterTls InMemory()
    {
        using var authority = ClusterCertificates.CreateAuthority("modelopt in-memory CA", TimeSpan.FromDays(30));
        var certificate = ClusterCertificates.Issue(authority, "modelopt node", TimeSpan.FromDays(30), ["localhost"], [System.Net.IPAddress.Loopback]);
        // Only the public half of the CA is kept: nothing in this process can issue another certificate.
        var authorities = new X509Certificate2Collection { X509CertificateLoader.LoadCertificate(authority.RawData) };
        return new ClusterTls(certificate, authorities, "in memory");
    }

    /// <summary>Why <paramref name="peer"/> is not trusted, or null if it is.</summary>
    public string? Check(X509Certificate2? peer)
    {
        if (peer is null) return "it presented no certificate";
        using var chain = ChainTo(Authorities, ClusterCertificates.ServerAuthentication, ClusterCertificates.ClientAuthentication);
        if (chain.Build(peer)) return null;
        var reasons = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct();
        return $"'{peer.Subject}' (issued by '{peer.Issuer}'): {string.Join("; ", reasons)}";
    }

    /// <summary>The check TLS runs on a peer's certificate: <see cref="Check"/>, with the reason for a refusal handed to <paramref name="refused"/>.</summary>
    public bool Accepts(X509Certificate? peer, SslPolicyErrors errors, Action<string> refused)
    {
        // Chain and name errors from the platform's own check are beside the point: the machine's roots are not ours,
        // and node certificates are not tied to addresses. Only a missing certificate is decided here too.
        string? problem;
        if (peer is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) problem = "it presented no certificate";
        else if (peer is X509Certificate2 certificate) problem = Check(certificate);
        else
        {
            using var copy = X509CertificateLoader.LoadCertificate(peer.GetRawCertData());
            problem = Check(copy);
        }
        if (problem is not null) refused(problem);
        return problem is null;
    }

    /// <summary>A chain that trusts only <paramref name="authorities"/> and asks for <paramref name="usages"/>.</summary>
    private static X509Chain ChainTo(X509Certificate2Collection authorities, params Oid[] usages)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // The cluster's CA publishes no revocation lists: a leaked certificate is handled by rotating the CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var usage in usages) chain.ChainPolicy.ApplicationPolicy.Add(usage);
        return chain;
    }
}
