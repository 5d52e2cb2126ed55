using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers;

/// <summary>
/// Proposes configurations, with asking kept apart from telling (as in Optuna's ask/tell): <see cref="Suggest"/> only
/// proposes, and <see cref="Accept"/> records that a trial runs a configuration, which is all a searcher learns about
/// it. A search replaying its journal accepts each journaled suggestion and never suggests again, so recovery costs
/// no model fits. Everything a searcher knows is a function of its seed and the sequence of Accept, OnReport and
/// OnComplete calls, and each suggestion's randomness comes from the seed and its trial id, never from a stream that
/// earlier suggestions advanced: a searcher that accepted a journaled suggestion is in the same state as the one that
/// suggested it. Results may arrive in any order and for any trial that was accepted; trials may fail.
/// </summary>
public interface ISearcher
{
    /// <summary>
    /// A configuration for <paramref name="trialId"/>, or null when there is nothing left to propose. Changes nothing
    /// the searcher's later answers depend on: asked again before anything else happens, it proposes the same.
    /// </summary>
    Config? Suggest(string trialId);

    /// <summary>
    /// <paramref name="trialId"/> runs <paramref name="config"/>: the searcher's own suggestion (made now or read back
    /// from a journal) or one chosen elsewhere. Cheap; a trial id accepted before is ignored.
    /// </summary>
    void Accept(string trialId, Config config);

    /// <summary>An intermediate result (e.g. validation accuracy after <paramref name="epoch"/> epochs).</summary>
    void OnReport(string trialId, int epoch, double objective);

    /// <summary>The trial ended.</summary>
    void OnComplete(string trialId, TrialOutcome outcome);
}

/// <summary>What every searcher is built from: the space, objective, seed and options, and the budget it works within.</summary>
public sealed record SearcherContext(
    SearchSpace Space, Objective Objective, ulong Seed, AlgorithmOptions Options, int MaxEpochs = 1, int MaxTrials = int.MaxValue, int MaxConcurrent = 1);
