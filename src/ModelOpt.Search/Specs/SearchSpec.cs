using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Specs;

/// <summary>
/// A validated search spec (<c>apiVersion: modelopt/v1</c>). <see cref="Source"/> keeps the text it was parsed from,
/// which is what the journal stores: re-parsing it on recovery yields the same spec.
/// </summary>
public sealed record SearchSpec(
    string ApiVersion,
    string Name,
    Objective Objective,
    SearchSpace Space,
    AlgorithmSpec Searcher,
    AlgorithmSpec Scheduler,
    BudgetSpec Budget,
    TrialSpec Trial,
    WorkloadSpec Workload,
    ulong Seed,
    string Source);

/// <summary>A searcher or scheduler by type name with its raw options (validated by the algorithm's factory).</summary>
public sealed record AlgorithmSpec(string Type, IReadOnlyDictionary<string, object?> Options)
{
    /// <summary>Read back from a journal (<see cref="SpecParser.ParseAccepted"/>): its options build without being checked again.</summary>
    public bool Accepted { get; init; }

    public AlgorithmOptions ToOptions(string path) => new(path, Options) { Accepted = Accepted };
}

/// <param name="MaxTrials">Trials to run in all (failed ones included, retries not).</param>
/// <param name="MaxConcurrent">Trials running at once.</param>
/// <param name="MaxWallTime">Stop suggesting new trials after this long; null for no limit.</param>
/// <param name="MaxEpochsPerTrial">The resource cap per trial (schedulers' max resource).</param>
/// <remarks><see cref="Priority"/> and <see cref="Share"/> say how the cluster's slots are divided between searches.</remarks>
public sealed record BudgetSpec(int MaxTrials, int MaxConcurrent, TimeSpan? MaxWallTime, int MaxEpochsPerTrial)
{
    public const int MaxPriority = 1000;
    public const double MaxShare = 1000;

    /// <summary>Searches of a higher priority are given free slots first (running trials are never preempted).</summary>
    public int Priority { get; init; }

    /// <summary>Among searches of one priority, slots are divided in proportion to their shares (weighted fair share).</summary>
    public double Share { get; init; } = 1;
}

/// <param name="Retries">Extra attempts for a trial whose worker was lost or that failed transiently.</param>
/// <param name="Timeout">Wall-time limit per trial attempt; null for none.</param>
public sealed record TrialSpec(int Retries, TimeSpan? Timeout)
{
    /// <summary>
    /// The most GPU memory one attempt may allocate (<c>trial.gpuMemory</c>), in bytes; null for no cap. Enforced by
    /// libtorch's allocator in the trial's own process: an attempt that needs more fails as out of memory.
    /// </summary>
    public long? GpuMemoryBytes { get; init; }
}

/// <summary>The workload kind (<c>function</c>, <c>torch</c>, <c>command</c>) and its options.</summary>
public sealed record WorkloadSpec(string Kind, IReadOnlyDictionary<string, object?> Options)
{
    /// <summary>Read back from a journal (<see cref="SpecParser.ParseAccepted"/>): its options build without being checked again.</summary>
    public bool Accepted { get; init; }

    public AlgorithmOptions ToOptions(string path = "workload") => new(path, Options) { Accepted = Accepted };
}
