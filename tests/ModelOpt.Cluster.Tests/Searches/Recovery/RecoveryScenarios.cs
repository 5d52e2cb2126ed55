namespace ModelOpt.Cluster.Tests.Searches.Recovery;

/// <summary>
/// Searches, one per searcher, whose journals and snapshots are kept as fixtures: each runs <see cref="Steps"/> steps of
/// a <see cref="ScriptedSearch"/>, a snapshot is taken once <see cref="SnapshotAfterEvents"/> events are journaled,
/// and the continuation after a restart runs <see cref="ContinuationSteps"/> more.
/// </summary>
internal sealed record RecoveryScenario(string Name, string Spec, bool Faults, int Steps, int SnapshotAfterEvents, int ContinuationSteps);

internal static class RecoveryScenarios
{
    private const string Header = """
        apiVersion: modelopt/v1
        seed: 11
        """;

    private const string Branin = """
        objective: {metric: value, mode: min}
        space:
          x0: {type: float, low: -5, high: 10}
          x1: {type: float, low: 0, high: 15}
        workload: {kind: function, function: branin}
        """;

    // The curve workload reads lr and accepts any other parameter: a mixed, conditional space.
    private const string Mixed = """
        objective: {metric: accuracy, mode: max}
        space:
          lr: {type: float, low: 1.0e-4, high: 0.1, log: true}
          optimizer: {type: categorical, values: [sgd, adam, adamw]}
          momentum: {type: float, low: 0.5, high: 0.99, when: {optimizer: sgd}}
          depth: {type: int, low: 1, high: 3}
          layers:
            type: list
            size: depth
            item:
              units: {type: int, low: 16, high: 256, log: true}
              kind: {type: categorical, values: [dense, conv]}
          dropout: {type: float, low: 0, high: 0.5, step: 0.1}
        workload: {kind: curve}
        """;

    /// <summary>A search of the mixed, conditional space with <paramref name="searcher"/> (a name or a flow mapping).</summary>
    public static string MixedSpec(string searcher, int trials, int concurrent, int epochs, string scheduler = "fifo") => $$"""
        {{Header}}
        name: recovery-mixed
        {{Mixed}}
        searcher: {{searcher}}
        scheduler: {{scheduler}}
        budget: {maxTrials: {{trials}}, maxConcurrent: {{concurrent}}, maxEpochsPerTrial: {{epochs}}}
        trial: {retries: 2}
        """;

    public static readonly IReadOnlyList<RecoveryScenario> All =
    [
        new("gp", $$"""
            {{Header}}
            name: recovery-gp
            {{Branin}}
            searcher: {type: gp, nStartupTrials: 5}
            budget: {maxTrials: 40, maxConcurrent: 3, maxEpochsPerTrial: 1}
            trial: {retries: 2}
            """, Faults: true, Steps: 70, SnapshotAfterEvents: 90, ContinuationSteps: 40),
        new("tpe-asha", $$"""
            {{Header}}
            name: recovery-tpe-asha
            {{Mixed}}
            searcher: {type: tpe, nStartupTrials: 4, multivariate: true}
            scheduler: {type: asha, gracePeriod: 1, reductionFactor: 2}
            budget: {maxTrials: 30, maxConcurrent: 4, maxEpochsPerTrial: 4}
            trial: {retries: 2}
            """, Faults: true, Steps: 80, SnapshotAfterEvents: 90, ContinuationSteps: 60),
        new("grid", $$"""
            {{Header}}
            name: recovery-grid
            {{Branin}}
            searcher: {type: grid, pointsPerFloat: 4, shuffle: true}
            budget: {maxTrials: 30, maxConcurrent: 2, maxEpochsPerTrial: 1}
            """, Faults: false, Steps: 20, SnapshotAfterEvents: 20, ContinuationSteps: 40),
        new("reinforce", $$"""
            {{Header}}
            name: recovery-reinforce
            {{Mixed}}
            searcher: {type: reinforce, bins: 4}
            budget: {maxTrials: 40, maxConcurrent: 2, maxEpochsPerTrial: 2}
            trial: {retries: 2}
            """, Faults: true, Steps: 90, SnapshotAfterEvents: 100, ContinuationSteps: 40),
        new("evolution", $$"""
            {{Header}}
            name: recovery-evolution
            {{Mixed}}
            searcher: {type: evolution, populationSize: 6, sampleSize: 3}
            budget: {maxTrials: 40, maxConcurrent: 3, maxEpochsPerTrial: 2}
            trial: {retries: 2}
            """, Faults: true, Steps: 90, SnapshotAfterEvents: 100, ContinuationSteps: 40),
        // BOHB without a multi-fidelity scheduler and with one epoch per trial: accepted when written, and a spec
        // check may reject it later; the journal must still recover.
        new("bohb-fifo-one-epoch", $$"""
            {{Header}}
            name: recovery-bohb
            {{Branin}}
            searcher: bohb
            budget: {maxTrials: 40, maxConcurrent: 2, maxEpochsPerTrial: 1}
            """, Faults: false, Steps: 50, SnapshotAfterEvents: 60, ContinuationSteps: 30),
        // A 63-character name and values far beyond what a search needs (input limits may reject them on submission later), a long comment.
        new("random-extremes", $$"""
            {{Header}}
            name: recovery-random-extremes-{{new string('x', 38)}}
            objective: {metric: value, mode: min}
            space:
              x0: {type: float, low: -5, high: 10}
              x1: {type: categorical, values: [{{string.Join(", ", Enumerable.Range(0, 3000).Select(i => (i * 15.0 / 2999).ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}}]}
            workload: {kind: function, function: branin}
            searcher: random
            budget: {maxTrials: 2000000000, maxConcurrent: 100000, maxWallTime: 100000h, maxEpochsPerTrial: 1}
            trial: {retries: 100, timeout: 10000h}
            {{string.Join("\n", Enumerable.Range(0, 300).Select(i => $"# padding line {i}: a long comment that a size limit might count against the spec"))}}
            """, Faults: false, Steps: 40, SnapshotAfterEvents: 40, ContinuationSteps: 20),
    ];
}
