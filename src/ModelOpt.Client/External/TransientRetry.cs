using ModelOpt.Client.Errors;

namespace ModelOpt.Client.External;

/// <summary>
/// Runs an idempotent command again after transient failures, waiting twice as long each time (with jitter, so many
/// clients do not retry in step) until the options' retry time has passed; then the last failure is thrown.
/// </summary>
internal static class TransientRetry
{
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> command, ExternalTrialOptions options, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + options.RetryFor;
        var delay = options.FirstRetryDelay;
        while (true)
        {
            try
            {
                return await command(cancellationToken);
            }
            catch (CommandException e) when (CommandErrorCodes.IsTransient(e.Code) && DateTimeOffset.UtcNow + delay < deadline)
            {
                await Task.Delay(delay * (0.5 + Random.Shared.NextDouble()), cancellationToken);
                delay = delay * 2 < options.MaxRetryDelay ? delay * 2 : options.MaxRetryDelay;
            }
        }
    }
}
