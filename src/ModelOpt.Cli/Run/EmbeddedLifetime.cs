using Microsoft.Extensions.Hosting;

namespace ModelOpt.Cli.Run;

/// <summary>
/// The embedded node's lifetime is the command's: it ignores Ctrl+C (which the command handles, leaving the search
/// resumable) and stops when the command stops it.
/// </summary>
public sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
