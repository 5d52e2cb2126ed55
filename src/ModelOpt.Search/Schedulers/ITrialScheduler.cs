using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Schedulers;

/// <summary>
/// Decides, on each intermediate report of a running trial, whether it continues, stops, or (PBT) restarts from
/// a better trial's checkpoint with a perturbed configuration.
/// </summary>
public interface ITrialScheduler
{
    void OnTrialStart(string trialId, Config config);

    SchedulerDecision OnReport(string trialId, TrialReport report);

    void OnTrialEnd(string trialId, Searchers.TrialStatus status);
}

/// <summary>One intermediate result: <see cref="Objective"/> in the user's units, all metrics alongside.</summary>
public sealed record TrialReport(int Epoch, double Objective, IReadOnlyDictionary<string, double> Metrics)
{
    public TrialReport(int epoch, double objective) : this(epoch, objective, new Dictionary<string, double>()) { }
}

public enum DecisionKind { Continue, Stop, Exploit }

/// <summary>
/// A scheduler's decision and why, in words a user reads in the live view ("below rung 3 cut-off 0.912 (top 1/3 of 27)").
/// For <see cref="DecisionKind.Exploit"/>, the trial restarts from <see cref="CloneFrom"/>'s checkpoint with <see cref="NewConfig"/>.
/// </summary>
public sealed record SchedulerDecision(DecisionKind Kind, string Reason, string? CloneFrom = null, Config? NewConfig = null)
{
    public static SchedulerDecision Continue(string reason = "") => new(DecisionKind.Continue, reason);
    public static SchedulerDecision Stop(string reason) => new(DecisionKind.Stop, reason);
    public static SchedulerDecision Exploit(string cloneFrom, Config newConfig, string reason) => new(DecisionKind.Exploit, reason, cloneFrom, newConfig);
}

/// <summary>What every scheduler is built from.</summary>
public sealed record SchedulerContext(SearchSpace Space, Objective Objective, ulong Seed, AlgorithmOptions Options, int MaxEpochs);
