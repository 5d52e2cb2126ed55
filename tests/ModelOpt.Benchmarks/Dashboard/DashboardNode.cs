using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Node;
using ModelOpt.Node.Dashboard;
using ModelOpt.Node.Endpoint;
using ModelOpt.Node.Tests.Support;

namespace ModelOpt.Benchmarks.Dashboard;

/// <summary>A one-process node (coordinator + worker) with its endpoint and dashboard on 127.0.0.1, for the dashboard benchmarks.</summary>
public sealed class DashboardNode : IAsyncDisposable
{
    public const string Token = "dashboard-benchmark-token";

    private readonly InProcessNode _node;

    private DashboardNode(InProcessNode node) => _node = node;

    public Uri Url => _node.Url;

    public ICommandApi Api => _node.Api;

    public static async Task<DashboardNode> StartAsync(int slots, int port) =>
        new(await InProcessNode.StartAsync("dashboard-benchmark", _ => new NodeOptions
        {
            Port = 0, Slots = slots, Gpus = "none", LogLevel = LogLevel.Error,
            Endpoint = new CommandEndpointOptions { Port = port, Bind = "127.0.0.1", Token = Token },
        }));

    public string SignInLink() => _node.Services.GetRequiredService<DashboardServer>().SignInLink(Url, Access.ReadOnly);

    public async Task<string> RunToEndAsync(string spec, TimeSpan limit)
    {
        var id = await _node.SubmitAsync(spec);
        var deadline = DateTime.UtcNow + limit;
        while (await IsRunningAsync(id))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{id} did not finish within {limit}");
            await Task.Delay(500);
        }
        return id;
    }

    /// <summary>Whether the search still runs, read from its summary (a whole read costs the search entity O(trials)).</summary>
    public async Task<bool> IsRunningAsync(string searchId) =>
        (await Api.GetTrialsAsync(searchId, TrialQuery.Summary)).Search.IsRunning;

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    /// <summary>Simulated training: <paramref name="trials"/> trials of up to 6 epochs (ASHA), four parameters, one categorical.</summary>
    public static string CurveSpec(string name, int trials, int concurrent, double epochSeconds) => $$"""
        apiVersion: modelopt/v1
        name: {{name}}
        seed: 3
        objective: {metric: accuracy, mode: max}
        space:
          lr: {type: float, low: 0.0001, high: 0.1, log: true}
          width: {type: int, low: 16, high: 512, log: true}
          dropout: {type: float, low: 0, high: 0.6}
          activation: {type: categorical, values: [relu, tanh, gelu]}
        searcher: random
        scheduler: {type: asha, gracePeriod: 2, reductionFactor: 2}
        budget: {maxTrials: {{trials}}, maxConcurrent: {{concurrent}}, maxEpochsPerTrial: 6}
        workload: {kind: curve, epochSeconds: {{epochSeconds}}}
        """;
}
