using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Node.Tests.Support;

/// <summary>The test's own cluster member (no roles): proxies to the coordinator and <see cref="SearchCommands"/>.</summary>
public sealed class ClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterClient(IHost host) => _host = host;

    public SearchCommands Commands => _host.Services.GetRequiredService<SearchCommands>();

    public static async Task<ClusterClient> JoinAsync(params int[] seedPorts)
    {
        var host = NodeHost.Build(new NodeOptions
        {
            Roles = [], Port = 0, SeedNodes = [.. seedPorts.Select(NodeProcess.Address)], DownAfter = TimeSpan.FromSeconds(1), LogLevel = LogLevel.Error,
        });
        await host.StartAsync();
        return new ClusterClient(host);
    }

    /// <summary>Polls the search until <paramref name="until"/> holds; asks that fail while nodes come and go are retried.</summary>
    public async Task<SearchInfo> WaitForAsync(string searchId, Func<SearchInfo, bool> until, TimeSpan timeout, Func<string> log)
    {
        var deadline = DateTime.UtcNow + timeout;
        SearchInfo? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var ask = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                last = await Commands.GetAsync(searchId, ask.Token);
                if (last is not null && until(last)) return last;
            }
            catch (Exception e) when (e is OperationCanceledException or Akka.Actor.AskTimeoutException)
            {
                // the coordinator is away; keep asking until the deadline
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"search {searchId} did not get there in {timeout}: "
            + (last is null ? "no answer" : string.Join(", ", last.Trials.Select(t => $"{t.TrialId}={t.Status}/{t.Attempts}"))) + "\n" + log());
    }

    public async Task<string> SubmitAsync(string spec)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var ask = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var result = await Commands.SubmitAsync(spec, cancellationToken: ask.Token);
                return result.Accepted ? result.SearchId : throw new InvalidOperationException(string.Join("; ", result.Errors));
            }
            catch (Exception e) when (e is OperationCanceledException or Akka.Actor.AskTimeoutException && DateTime.UtcNow < deadline)
            {
                // the cluster is still forming
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(stop.Token);
        _host.Dispose();
    }
}
