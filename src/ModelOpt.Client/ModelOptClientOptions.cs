using System.Security.Cryptography.X509Certificates;

namespace ModelOpt.Client;

/// <summary>
/// Where <see cref="ModelOptClient"/> connects and how patiently. <see cref="Token"/>: the bearer token (a full token
/// for commands that change something; a read-only one suffices for GETs). <see cref="Retries"/>: how often a request
/// that only reads is tried again after a transient failure (nothing answered, or the cluster was briefly unavailable),
/// waiting <see cref="RetryDelay"/>, then twice as long each time. <see cref="TrustedAuthorities"/>: for an
/// <c>https://</c> address, the certificate authorities the endpoint's certificate must chain to (the cluster's own CA,
/// as <c>--command-tls</c> serves it); null leaves the decision to the machine's trusted roots.
/// </summary>
public sealed record ModelOptClientOptions(Uri BaseAddress, string? Token = null)
{
    public const int DefaultPort = 9110;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public int Retries { get; init; } = 2;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public X509Certificate2Collection? TrustedAuthorities { get; init; }

    /// <summary><c>host:port</c> of <see cref="BaseAddress"/>, as messages name it.</summary>
    public string HostPort => $"{BaseAddress.Host}:{BaseAddress.Port}";
}
