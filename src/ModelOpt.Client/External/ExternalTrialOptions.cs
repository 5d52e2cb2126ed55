namespace ModelOpt.Client.External;

/// <summary>
/// How an <see cref="ExternalSearch"/> asks for trials and keeps them. <see cref="Client"/>: the name shown as the node
/// of the trials this program runs. <see cref="HeartbeatInterval"/>: null for a third of the search's lease.
/// Transient failures (nothing answered, the cluster briefly unavailable) are retried with exponential backoff from
/// <see cref="FirstRetryDelay"/> up to <see cref="MaxRetryDelay"/> until <see cref="RetryFor"/> has passed.
/// </summary>
public sealed record ExternalTrialOptions
{
    public string Client { get; init; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    public TimeSpan? HeartbeatInterval { get; init; }

    public TimeSpan RetryFor { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);
}
