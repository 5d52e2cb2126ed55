using ModelOpt.Benchmarks.Specs;

namespace ModelOpt.Benchmarks.Cluster.Fleet;

/// <summary>The searches the multi-process benchmarks submit: no-op Branin trials, or simulated trials of a fixed length.</summary>
public static class FleetSpecs
{
    public static string Search(string name, int trials, int concurrent, int trialMs, int priority = 0, double share = 1) => trialMs == 0
        ? BraninSpec.Text(name, trials, concurrent, budget: $", priority: {priority}, share: {share.ToString(System.Globalization.CultureInfo.InvariantCulture)}")
        : $$"""
            apiVersion: modelopt/v1
            name: {{name}}
            seed: 1
            objective: {metric: accuracy, mode: max}
            space:
              lr: {type: float, low: 0.0001, high: 0.1, log: true}
            searcher: random
            budget: {maxTrials: {{trials}}, maxConcurrent: {{concurrent}}, maxEpochsPerTrial: 1, priority: {{priority}}, share: {{share.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}
            workload: {kind: curve, epochSeconds: {{(trialMs / 1000.0).ToString(System.Globalization.CultureInfo.InvariantCulture)}}}
            """;
}
