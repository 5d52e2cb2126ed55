using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ModelOpt.Cluster.Security;

/// <summary>
/// The cluster's own certificate authority and the certificates it issues to nodes, made with .NET's
/// <see cref="CertificateRequest"/> (no openssl needed). Keys are ECDSA P-256. A node certificate serves for both ends
/// of a connection (server and client authentication), since every node both accepts and opens remoting connections;
/// its subject alternative names let the command endpoint serve HTTPS to clients that check the host name.
/// Files use the layout of a Kubernetes TLS Secret (and cert-manager's): <c>ca.crt</c>, <c>tls.crt</c>, <c>tls.key</c>.
/// </summary>
public static class ClusterCertificates
{
    public const string CaCertificateFile = "ca.crt";
    public const string CaKeyFile = "ca.key";
    public const string CertificateFile = "tls.crt";
    public const string KeyFile = "tls.key";

    public static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    public static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>A new self-signed CA (with its private key) that may sign node certificates and nothing below them.</summary>
    public static X509Certificate2 CreateAuthority(string name, TimeSpan validity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(CommonName(name), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now + validity);
    }

    /// <summary>A node certificate (with its private key) signed by <paramref name="authority"/>, which must hold its key.</summary>
    /// <param name="dnsNames">Host names clients use for the command endpoint (e.g. the coordinator's Service name).</param>
    /// <param name="addresses">IP addresses clients use for it.</param>
    public static X509Certificate2 Issue(X509Certificate2 authority, string name, TimeSpan validity, IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(CommonName(name), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames) names.AddDnsName(dns);
        foreach (var address in addresses) names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build());

        var now = DateTimeOffset.UtcNow;
        var notAfter = now + validity < authority.NotAfter ? now + validity : new DateTimeOffset(authority.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        using var signer = authority.GetECDsaPrivateKey() ?? throw new ArgumentException("the CA certificate has no ECDSA private key", nameof(authority));
        using var issued = request.Create(authority.SubjectName, X509SignatureGenerator.CreateForECDsa(signer), now.AddMinutes(-5), notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Issues a node certificate from <paramref name="authority"/> into <paramref name="directory"/> as <c>--tls-dir</c>
    /// reads it: <c>tls.crt</c>, <c>tls.key</c> (owner-only) and a copy of the CA's certificate as <c>ca.crt</c>.
    /// </summary>
    public static X509Certificate2 IssueInto(string directory, X509Certificate2 authority, string name, TimeSpan validity,
        IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses)
    {
        Directory.CreateDirectory(directory);
        var certificate = Issue(authority, name, validity, dnsNames, addresses);
        Write(certificate, Path.Combine(directory, CertificateFile), Path.Combine(directory, KeyFile));
        Write(authority, Path.Combine(directory, CaCertificateFile), keyPath: null);
        return certificate;
    }

    /// <summary>Writes <paramref name="certificate"/> as PEM, and its private key (PKCS#8 PEM, owner-only) when <paramref name="keyPath"/> is given.</summary>
    public static void Write(X509Certificate2 certificate, string certificatePath, string? keyPath)
    {
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        if (keyPath is null) return;
        using var key = certificate.GetECDsaPrivateKey() ?? throw new ArgumentException("the certificate has no ECDSA private key", nameof(certificate));
        WriteOwnerOnly(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>A CA certificate with its key, as <see cref="Write"/> left them.</summary>
    public static X509Certificate2 ReadAuthority(string directory) =>
        X509Certificate2.CreateFromPemFile(Path.Combine(directory, CaCertificateFile), Path.Combine(directory, CaKeyFile));

    private static void WriteOwnerOnly(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(new FileStream(path, options))) writer.Write(text);
        // The mode above applies only to a new file; one being replaced keeps its own.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static X500DistinguishedName CommonName(string name)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(name);
        return builder.Build();
    }
}
