using System.Net;
using Microsoft.Extensions.Configuration;
using ModelOpt.Cluster.Security;
using ModelOpt.Node.Security;
using Xunit;

namespace ModelOpt.Node.Tests.Security;

/// <summary>The cluster's CA and node certificates as <c>ModelOpt.Node tls</c> makes them and <c>--tls-dir</c> reads them.</summary>
public sealed class TlsMaterialTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mopt-sec-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_tls_command_makes_a_CA_and_a_node_directory_that_a_node_loads()
    {
        var (ca, node) = (Path.Combine(_dir, "ca"), Path.Combine(_dir, "node"));

        Assert.Equal(0, Run("ca", ca));
        Assert.Equal(0, Run("issue", ca, node, "--name", "coordinator-0", "--dns", "coordinator,coordinator.modelopt.svc", "--ip", "10.1.2.3"));
        var tls = ClusterTls.Load(node);

        Assert.Equal("CN=coordinator-0", tls.Certificate.Subject);
        Assert.True(tls.Certificate.HasPrivateKey);
        Assert.Null(tls.Check(tls.Certificate));
        Assert.False(File.Exists(Path.Combine(node, ClusterCertificates.CaKeyFile)));
        if (!OperatingSystem.IsWindows())
            foreach (var key in new[] { Path.Combine(ca, "ca.key"), Path.Combine(node, "tls.key") })
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        var names = tls.Certificate.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["coordinator", "coordinator.modelopt.svc", "localhost"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.1.2.3"), IPAddress.Loopback, IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
    }

    [Fact]
    public void Making_the_CA_again_keeps_the_one_there()
    {
        var ca = Path.Combine(_dir, "ca");
        Run("ca", ca);
        var first = File.ReadAllText(Path.Combine(ca, "ca.crt"));

        Assert.Equal(0, Run("ca", ca));

        Assert.Equal(first, File.ReadAllText(Path.Combine(ca, "ca.crt")));
    }

    [Fact]
    public void A_certificate_from_another_CA_or_without_client_use_is_refused_with_the_reason()
    {
        var tls = Node("cluster", "cluster CA");
        var foreign = Node("foreign", "foreign CA");
        using var ownAuthority = ClusterCertificates.CreateAuthority("self-signed", TimeSpan.FromDays(1));

        Assert.Contains("foreign CA", tls.Check(foreign.Certificate));
        Assert.NotNull(tls.Check(ownAuthority));
        Assert.Equal("it presented no certificate", tls.Check(null));
    }

    [Fact]
    public void During_a_CA_rotation_a_bundle_of_both_authorities_accepts_certificates_from_either()
    {
        var old = Node("old", "old CA");
        var next = Node("next", "new CA");
        var bundle = Path.Combine(_dir, "rotating");
        Directory.CreateDirectory(bundle);
        foreach (var file in new[] { "tls.crt", "tls.key" }) File.Copy(Path.Combine(_dir, "next", file), Path.Combine(bundle, file));
        File.WriteAllText(Path.Combine(bundle, "ca.crt"), File.ReadAllText(Path.Combine(_dir, "old", "ca.crt")) + File.ReadAllText(Path.Combine(_dir, "next", "ca.crt")));

        var rotating = ClusterTls.Load(bundle);

        Assert.Equal(2, rotating.Authorities.Count);
        Assert.Null(rotating.Check(old.Certificate));
        Assert.Null(rotating.Check(next.Certificate));
        Assert.NotNull(old.Check(next.Certificate));
    }

    [Fact]
    public void A_tls_directory_with_a_missing_file_or_a_certificate_its_CA_did_not_issue_is_an_error_naming_it()
    {
        Node("a", "CA a");
        Node("b", "CA b");
        File.Copy(Path.Combine(_dir, "b", "ca.crt"), Path.Combine(_dir, "a", "ca.crt"), overwrite: true);

        var missing = Assert.Throws<ArgumentException>(() => ClusterTls.Load(Path.Combine(_dir, "nowhere")));
        var mismatched = Assert.Throws<ArgumentException>(() => ClusterTls.Load(Path.Combine(_dir, "a")));

        Assert.Contains("nowhere/tls.crt' does not exist", missing.Message);
        Assert.Contains("is not a certificate this cluster accepts", mismatched.Message);
    }

    [Fact]
    public void Node_options_read_the_tls_directory_and_serve_https_only_with_it()
    {
        Node("node", "CA");
        NodeOptions Read(params string[] args) => NodeOptions.Read(new ConfigurationBuilder().AddCommandLine(args).Build());

        var plain = Read();
        var tls = Read("--tls-dir", Path.Combine(_dir, "node"));
        var https = Read("--tls-dir", Path.Combine(_dir, "node"), "--command-tls", "1");
        var noMaterial = Assert.Throws<ArgumentException>(() => Read("--command-tls", "1"));

        Assert.Null(plain.Tls);
        Assert.NotNull(tls.Tls);
        Assert.Null(tls.Endpoint!.Certificate);
        Assert.Equal(https.Tls!.Certificate, https.Endpoint!.Certificate);
        Assert.Contains("needs --tls-dir", noMaterial.Message);
    }

    [Fact]
    public void Bad_arguments_exit_2_with_the_usage()
    {
        var errors = new StringWriter();

        Assert.Equal(2, TlsCommand.Run(["issue", Path.Combine(_dir, "no-ca"), Path.Combine(_dir, "out")], TextWriter.Null, errors));
        Assert.Equal(2, TlsCommand.Run(["mint"], TextWriter.Null, errors));
        Assert.Equal(2, TlsCommand.Run(["ca", _dir, "--colour", "blue"], TextWriter.Null, errors));

        Assert.Contains("cannot read the CA", errors.ToString());
        Assert.Contains("usage: ModelOpt.Node tls ca DIR", errors.ToString());
        Assert.Contains("unknown option --colour", errors.ToString());
    }

    [Fact]
    public void Akka_Remote_has_the_2025_fix_for_TLS_authentication()
    {
        // CVE-2025-61778: before 1.5.52 Akka.Remote did not enforce mutual TLS; 1.5.53 fixed TLS host name validation.
        var version = typeof(Akka.Remote.Transport.DotNetty.DotNettySslSetup).Assembly.GetName().Version!;

        Assert.True(version >= new Version(1, 5, 53), $"Akka.Remote {version} predates the 2025 TLS fixes");
    }

    private ClusterTls Node(string name, string authority)
    {
        var ca = Path.Combine(_dir, name + "-ca");
        var node = Path.Combine(_dir, name);
        Directory.CreateDirectory(ca);
        using (var created = ClusterCertificates.CreateAuthority(authority, TimeSpan.FromDays(1)))
            ClusterCertificates.Write(created, Path.Combine(ca, "ca.crt"), Path.Combine(ca, "ca.key"));
        Assert.Equal(0, Run("issue", ca, node));
        return ClusterTls.Load(node);
    }

    private static int Run(params string[] args) => TlsCommand.Run(args, TextWriter.Null, TextWriter.Null);
}
