using Microsoft.Extensions.Hosting;

namespace ModelOpt.Cli.Tests.Support;

/// <summary>For a node a test fixture hosts: the fixture starts and stops it; the test host's Ctrl+C is not the node's.</summary>
public sealed class FixtureLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
