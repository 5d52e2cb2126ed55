using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using ModelOpt.Cluster.Security;

namespace ModelOpt.Node.Security;

/// <summary>
/// <c>ModelOpt.Node tls ...</c>: makes the cluster's certificate authority and its nodes' certificates, so that mutual
/// TLS needs nothing but this executable (no openssl).
/// <list type="bullet">
/// <item><c>tls ca DIR [--days N]</c> writes DIR/ca.crt and DIR/ca.key (owner-only); an existing CA is kept.</item>
/// <item><c>tls issue CA_DIR OUT_DIR [--name NAME] [--dns a,b] [--ip x,y] [--days N]</c> writes OUT_DIR/tls.crt,
/// OUT_DIR/tls.key (owner-only) and a copy of OUT_DIR/ca.crt: what <c>--tls-dir</c> reads, and the keys of a
/// Kubernetes TLS Secret. The certificate always names localhost, 127.0.0.1 and ::1 too, for HTTPS through a tunnel.</item>
/// </list>
/// Exit codes: 0 done, 2 bad arguments or files.
/// </summary>
public static partial class TlsCommand
{
    public const string Usage = """
        usage: ModelOpt.Node tls ca DIR [--days 3650]
               ModelOpt.Node tls issue CA_DIR OUT_DIR [--name modelopt-node] [--dns host,...] [--ip address,...] [--days 365]
        """;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex NamePattern();

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        try
        {
            switch (args.Count > 0 ? args[0] : null)
            {
                case "ca" when args.Count >= 2:
                    CreateAuthority(args[1], Options(args, 2), output);
                    return 0;
                case "issue" when args.Count >= 3:
                    Issue(args[1], args[2], Options(args, 3), output);
                    return 0;
                default:
                    errors.WriteLine(Usage);
                    return 2;
            }
        }
        catch (ArgumentException e)
        {
            errors.WriteLine($"mopt-node tls: {e.Message}");
            return 2;
        }
    }

    private static void CreateAuthority(string directory, Dictionary<string, string> options, TextWriter output)
    {
        Known(options, "days");
        var certificatePath = Path.Combine(directory, ClusterCertificates.CaCertificateFile);
        var keyPath = Path.Combine(directory, ClusterCertificates.CaKeyFile);
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            output.WriteLine($"keeping the CA in {directory}");
            return;
        }
        Directory.CreateDirectory(directory);
        using var authority = ClusterCertificates.CreateAuthority($"modelopt cluster CA {DateTime.UtcNow:yyyy-MM-dd} {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}", Days(options, 3650));
        ClusterCertificates.Write(authority, certificatePath, keyPath);
        output.WriteLine($"wrote {certificatePath} and {keyPath}; keep ca.key off the nodes");
    }

    private static void Issue(string authorityDirectory, string directory, Dictionary<string, string> options, TextWriter output)
    {
        Known(options, "name", "dns", "ip", "days");
        var name = options.GetValueOrDefault("name", "modelopt-node");
        if (!NamePattern().IsMatch(name)) throw new ArgumentException($"--name: expected 1 to 63 letters, digits, '.', '_' or '-', got '{name}'");
        var dns = List(options, "dns").Append("localhost").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var addresses = List(options, "ip").Select(Address).Append(IPAddress.Loopback).Append(IPAddress.IPv6Loopback).Distinct().ToList();
        X509Certificate2 authority;
        try { authority = ClusterCertificates.ReadAuthority(authorityDirectory); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ArgumentException($"cannot read the CA in '{authorityDirectory}' (ca.crt and ca.key; make one with 'tls ca'): {e.Message}");
        }
        using (authority)
        {
            using var certificate = ClusterCertificates.IssueInto(directory, authority, name, Days(options, 365), dns, addresses);
            output.WriteLine($"wrote {directory}/{{tls.crt,tls.key,ca.crt}} for '{name}' (valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}; " +
                             $"names {string.Join(", ", dns.Concat(addresses.Select(a => a.ToString())))})");
        }
    }

    /// <summary>The <c>--key value</c> pairs from <paramref name="start"/> on.</summary>
    private static Dictionary<string, string> Options(IReadOnlyList<string> args, int start)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = start; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new ArgumentException($"expected --option value, got '{args[i]}'\n{Usage}");
            options[args[i][2..]] = args[i + 1];
        }
        return options;
    }

    private static void Known(Dictionary<string, string> options, params string[] known)
    {
        foreach (var key in options.Keys.Where(k => !known.Contains(k)))
            throw new ArgumentException($"unknown option --{key}\n{Usage}");
    }

    private static IEnumerable<string> List(Dictionary<string, string> options, string key) =>
        options.TryGetValue(key, out var value) ? value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];

    private static IPAddress Address(string text) =>
        IPAddress.TryParse(text, out var address) ? address : throw new ArgumentException($"--ip: '{text}' is not an IP address");

    private static TimeSpan Days(Dictionary<string, string> options, int fallback)
    {
        if (!options.TryGetValue("days", out var text)) return TimeSpan.FromDays(fallback);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 36500
            ? TimeSpan.FromDays(days)
            : throw new ArgumentException($"--days: expected a whole number from 1 to 36500, got '{text}'");
    }
}
