namespace ModelOpt.Node.Tests.External;

/// <summary>External (client-run) search specs for the endpoint and client tests.</summary>
public static class ExternalSpecs
{
    /// <summary>A two-parameter space with a conditional parameter (<c>momentum</c> only for <c>sgd</c>), run by clients.</summary>
    public static string Quadratic(int trials = 4, int concurrent = 2, int epochs = 3, string lease = "60s", int retries = 1, string scheduler = "fifo") => $$"""
        apiVersion: modelopt/v1
        name: external-quadratic
        seed: 3
        objective: {metric: loss, mode: min}
        space:
          x: {type: float, low: -2, high: 2}
          optimizer: {type: categorical, values: [sgd, adam]}
          momentum: {type: float, low: 0.5, high: 0.99, when: {optimizer: sgd} }
        scheduler: {{scheduler}}
        budget: {maxTrials: {{trials}}, maxConcurrent: {{concurrent}}, maxEpochsPerTrial: {{epochs}}}
        trial: {retries: {{retries}}}
        workload: {kind: external, lease: {{lease}}}
        """;
}
