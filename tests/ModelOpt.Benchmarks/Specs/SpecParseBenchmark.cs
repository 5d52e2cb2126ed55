using System.Diagnostics;
using ModelOpt.Search;
using ModelOpt.Search.Specs;

namespace ModelOpt.Benchmarks.Specs;

/// <summary>
/// How long parsing and fully validating a spec takes: a valid six-parameter function spec, and an
/// architecture spec (conditional parameters, a list expanded to 8 × 3 element parameters) that is rejected
/// for not fitting its function workload, so the error path is measured too.
/// </summary>
public sealed class SpecParseBenchmark : IBenchmark
{
    private const string ValidSpec = """
        apiVersion: modelopt/v1
        name: hartmann6
        objective: {metric: value, mode: min}
        space:
          x0: {type: float, low: 0, high: 1}
          x1: {type: float, low: 0, high: 1}
          x2: {type: float, low: 0, high: 1, step: 0.01}
          x3: {type: int, low: 0, high: 1}
          x4: {type: categorical, values: [0, 0.25, 0.5, 0.75, 1]}
          x5: {type: float, low: 0.001, high: 1, log: true}
        budget: {maxTrials: 100, maxConcurrent: 4, maxWallTime: 10m}
        trial: {retries: 1, timeout: 30s}
        workload: {kind: function, function: hartmann6, noise: 0.01}
        """;

    private const string RejectedSpec = """
        apiVersion: modelopt/v1
        name: architecture
        objective: {metric: value, mode: min}
        space:
          lr: {type: float, low: 1.0e-4, high: 0.1, log: true}
          optimizer: {type: categorical, values: [sgd, adam, adamw]}
          momentum: {type: float, low: 0.0, high: 0.99, when: {optimizer: sgd}}
          depth: {type: int, low: 1, high: 8}
          layers:
            type: list
            size: depth
            item:
              units: {type: int, low: 16, high: 512, log: true}
              kind: {type: categorical, values: [dense, conv]}
              kernel: {type: int, low: 1, high: 7, step: 2, when: {kind: conv}}
        budget: {maxTrials: 100}
        workload: {kind: function, function: branin}
        """;

    public string Name => "spec-parse";
    public string Usage => "[--iterations 2000]";

    public Task<object> RunAsync(BenchmarkArgs args)
    {
        var iterations = args.Int("iterations", 2000);
        if (iterations < 1) throw new UsageException("--iterations must be ≥ 1");
        return Task.FromResult<object>(new
        {
            benchmark = Name,
            iterations,
            valid_spec_us = Measure(iterations, () => SpecParser.Parse(ValidSpec, SearchCatalog.BuiltIn)),
            rejected_spec_us = Measure(iterations, () =>
            {
                try { SpecParser.Parse(RejectedSpec, SearchCatalog.BuiltIn); throw new InvalidOperationException("the rejected spec parsed"); }
                catch (SpecException) { }
            }),
        });
    }

    /// <summary>Median microseconds per call over 5 batches, after a warm-up batch.</summary>
    private static double Measure(int iterations, Action parse)
    {
        for (var i = 0; i < Math.Min(iterations, 200); i++) parse();
        var batches = new List<double>();
        for (var batch = 0; batch < 5; batch++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < iterations; i++) parse();
            batches.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / iterations);
        }
        return Math.Round(batches.Order().ElementAt(2), 1);
    }
}
