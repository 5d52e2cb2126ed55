using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers;

/// <summary>
/// Proposes configurations. Deterministic for a given seed and sequence of calls, so a search recovered by
/// replaying its journal reaches the same state. Results may arrive in any order and for any trial that was
/// suggested; trials may fail.
/// </summary>
public interface ISearcher
{
    /// <summary>A configuration for <paramref name="trialId"/>, or null when there is nothing left to propose.</summary>
    Config? Suggest(string trialId);

    /// <summary>An intermediate result (e.g. validation accuracy after <paramref name="epoch"/> epochs).</summary>
    void OnReport(string trialId, int epoch, double objective);

    /// <summary>The trial ended.</summary>
    void OnComplete(string trialId, TrialOutcome outcome);
}

/// <summary>What every searcher is built from.</summary>
public sealed record SearcherContext(SearchSpace Space, Objective Objective, ulong Seed, AlgorithmOptions Options, int MaxEpochs = 1);
