using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Searches;

namespace ModelOpt.Node.Tests.Support;

/// <summary>
/// The test's own cluster member (no roles): proxies to the coordinator and <see cref="SearchCommands"/>. Like a
/// node, it rejoins when the cluster downs it (its side of a coordinator's crash has no coordinator).
/// </summary>
public sealed class ClusterClient : IAsyncDisposable
{
    private readonly RejoiningNode _node;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private ClusterClient(RejoiningNode node)
    {
        _node = node;
        _running = node.RunAsync(_stop.Token);
    }

    public SearchCommands Commands => _node.Current.Services.GetRequiredService<SearchCommands>();

    public static Task<ClusterClient> JoinAsync(params int[] seedPorts)
    {
        var options = new NodeOptions
        {
            Roles = [], Port = 0, SeedNodes = [.. seedPorts.Select(NodeProcess.Address)], DownAfter = TimeSpan.FromSeconds(1), LogLevel = LogLevel.Error,
        };
        return Task.FromResult(new ClusterClient(new RejoiningNode(rejoining => NodeHost.Build(options, rejoining: rejoining))));
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
            catch (Exception e) when (e is OperationCanceledException or Akka.Actor.AskTimeoutException or InvalidOperationException or ObjectDisposedException)
            {
                // the coordinator is away, or this client is rejoining; keep asking until the deadline
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"search {searchId} did not get there in {timeout}: "
            + (last is null ? "no answer" : string.Join(", ", last.Trials.Select(t => $"{t.TrialId}={t.Status}/{t.Attempts}"))) + "\n" + log());
    }

    /// <summary>Until the dispatcher lists <paramref name="slots"/> worker slots (every worker joined and registered).</summary>
    public async Task WaitForSlotsAsync(int slots, TimeSpan timeout, Func<string> log)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = 0;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var ask = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                seen = (await _node.Current.Services.GetRequiredService<ClusterCommands>().WorkersAsync(ask.Token)).Count;
                if (seen >= slots) return;
            }
            catch (Exception e) when (e is OperationCanceledException or Akka.Actor.AskTimeoutException or InvalidOperationException or ObjectDisposedException)
            {
                // the dispatcher is not up yet, or this client is rejoining
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{seen} of {slots} worker slots registered in {timeout}\n" + log());
    }

    /// <summary>Polls where the searches live (shards and search entities per coordinator) until <paramref name="until"/> holds.</summary>
    public async Task<IReadOnlyList<ShardHome>> WaitForShardsAsync(Func<IReadOnlyList<ShardHome>, bool> until, TimeSpan timeout, Func<string> log)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<ShardHome> last = [];
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var ask = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                last = await _node.Current.Services.GetRequiredService<ClusterCommands>().ShardsAsync(ask.Token);
                if (until(last)) return last;
            }
            catch (Exception e) when (e is OperationCanceledException or Akka.Actor.AskTimeoutException or InvalidOperationException or ObjectDisposedException)
            {
                // a shard coordinator is moving, or this client is rejoining
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"shards never got there in {timeout}: {string.Join(", ", last.Select(h => $"{h.Node}={h.Shards}/{h.Searches}"))}\n" + log());
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
            catch (Exception e) when (e is OperationCanceledException or Akka.Actor.AskTimeoutException or ObjectDisposedException && DateTime.UtcNow < deadline)
            {
                // the cluster is still forming
            }
        }
    }

    /// <summary>Marks the member at <paramref name="port"/> down, as <c>mopt cluster down</c> or the resolver would.</summary>
    public void Down(int port) =>
        Akka.Cluster.Cluster.Get(_node.Current.Services.GetRequiredService<Akka.Actor.ActorSystem>()).Down(Akka.Actor.Address.Parse(NodeProcess.Address(port)));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
