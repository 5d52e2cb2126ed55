namespace ModelOpt.Cluster.Tests.Support;

/// <summary>Spec texts for tests: Branin under random search, with the budget and workload a test needs.</summary>
public static class TestSpecs
{
    public static string Branin(int trials = 10, int concurrent = 2, string scheduler = "fifo", string workload = "{kind: function, function: branin}", int retries = 0, int epochs = 1, string timeout = "1h") => $$"""
        apiVersion: modelopt/v1
        name: branin-test
        seed: 7
        objective: {metric: value, mode: min}
        space:
          x0: {type: float, low: -5, high: 10}
          x1: {type: float, low: 0, high: 15}
        searcher: random
        scheduler: {{scheduler}}
        budget: {maxTrials: {{trials}}, maxConcurrent: {{concurrent}}, maxEpochsPerTrial: {{epochs}}}
        trial: {retries: {{retries}}, timeout: {{timeout}}}
        workload: {{workload}}
        """;

    /// <summary>Branin run by clients (<c>workload.kind: external</c>) with the given lease, several epochs per trial.</summary>
    public static string ExternalBranin(int trials = 6, int concurrent = 2, string scheduler = "fifo", string lease = "60s", int retries = 0, int epochs = 3, string timeout = "1h") =>
        Branin(trials, concurrent, scheduler, $"{{kind: external, lease: {lease}}}", retries, epochs, timeout);

    /// <summary>The simulated learning curve (<c>workload.kind: curve</c>), each epoch taking <paramref name="epochSeconds"/>.</summary>
    public static string Curve(double epochSeconds, int trials = 10, int concurrent = 2, int epochs = 1) => $$"""
        apiVersion: modelopt/v1
        name: curve-test
        seed: 7
        objective: {metric: accuracy, mode: max}
        space:
          lr: {type: float, low: 0.0001, high: 0.1, log: true}
        searcher: random
        budget: {maxTrials: {{trials}}, maxConcurrent: {{concurrent}}, maxEpochsPerTrial: {{epochs}}}
        workload: {kind: curve, epochSeconds: {{epochSeconds}}}
        """;
}
