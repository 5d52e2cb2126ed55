namespace ModelOpt.Benchmarks.Specs;

/// <summary>
/// The search most benchmarks time: Branin over x0 ∈ [-5, 10], x1 ∈ [0, 15] as a function workload, a no-op trial.
/// <paramref name="searcher"/> null leaves the spec's default; <paramref name="budget"/> adds budget keys (", key: value").
/// </summary>
internal static class BraninSpec
{
    public static string Text(string name, int trials, int concurrent, string? searcher = "random", string budget = "") => $$"""
        apiVersion: modelopt/v1
        name: {{name}}
        seed: 1
        objective: {metric: value, mode: min}
        space:
          x0: {type: float, low: -5, high: 10}
          x1: {type: float, low: 0, high: 15}
        {{(searcher is null ? "" : $"searcher: {searcher}")}}
        budget: {maxTrials: {{trials}}, maxConcurrent: {{concurrent}}{{budget}}}
        workload: {kind: function, function: branin}
        """;
}
