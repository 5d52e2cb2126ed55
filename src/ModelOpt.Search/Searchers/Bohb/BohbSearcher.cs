using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Bohb;

/// <summary>
/// The model half of BOHB (Falkner et al., 2018), paired with a Hyperband scheduler that decides budgets. Every
/// result reported at a budget (an epoch count in <c>budgets</c>, by default Hyperband's rungs of
/// <c>MaxEpochs</c> with <c>eta</c>) is recorded for that budget. A suggestion models the largest budget with at
/// least <c>minPointsInModel</c> + 2 results: the best <c>topNPercent</c> form a good and the rest a bad kernel
/// density (each at least <c>minPointsInModel</c> points, overlapping when few), and of <c>numSamples</c>
/// draws from the widened good density the one maximizing l(x)/g(x) is returned. A <c>randomFraction</c> of
/// suggestions, and all of them before any budget has enough results, are uniform. Failed trials add nothing
/// beyond the results they reported before failing. Models are built from results in suggestion order and each
/// suggestion draws from its own stream, so results arriving in any order give the same next suggestion.
/// </summary>
public sealed class BohbSearcher : ISearcher
{
    private readonly SearchSpace _space;
    private readonly Objective _objective;
    private readonly ulong _seed;
    private readonly BohbSettings _settings;
    private readonly HashSet<int> _budgets;
    private readonly Dictionary<string, Trial> _trials = new(StringComparer.Ordinal);

    public BohbSearcher(SearcherContext context)
    {
        _space = context.Space;
        _objective = context.Objective;
        _seed = context.Seed;
        _settings = BohbSettings.Read(context.Options, context.MaxEpochs, _space.Parameters.Count(p => p.Domain.Cardinality is not 1));
        _budgets = _settings.Budgets.ToHashSet();
    }

    /// <summary>Schedulers that give trials different budgets, which BOHB's per-budget models need.</summary>
    public static readonly IReadOnlyList<string> MultiFidelitySchedulers = ["hyperband", "asha"];

    /// <summary>
    /// Why a spec cannot run BOHB as BOHB, by path: without a multi-fidelity scheduler or with one epoch per trial every
    /// result lands at one budget and it is a plain density model (TPE models that better).
    /// </summary>
    public static IEnumerable<(string Path, string Message)> SpecProblems(string schedulerType, int maxEpochsPerTrial)
    {
        if (!MultiFidelitySchedulers.Contains(schedulerType))
            yield return ("scheduler", $"searcher bohb needs a multi-fidelity scheduler ({string.Join(" or ", MultiFidelitySchedulers)}) to give trials " +
                                       $"different budgets, got '{schedulerType}'; with one budget use searcher tpe");
        if (maxEpochsPerTrial < 2)
            yield return ("budget.maxEpochsPerTrial", $"searcher bohb needs more than one epoch per trial to compare budgets, got {maxEpochsPerTrial}; " +
                                                      "with one epoch per trial use searcher tpe");
    }

    /// <summary>The budgets (epochs) results are recorded at, ascending.</summary>
    public IReadOnlyList<int> Budgets => _settings.Budgets;

    /// <summary>The budget the next model-based suggestion would use, or null while no budget has enough results.</summary>
    public int? ModelBudget
    {
        get
        {
            for (var i = _settings.Budgets.Count - 1; i >= 0; i--)
            {
                var budget = _settings.Budgets[i];
                if (_trials.Values.Count(t => t.Losses.ContainsKey(budget)) >= _settings.MinPointsInModel + 2) return budget;
            }
            return null;
        }
    }

    /// <summary>Returns the same config again for a trial id it has already accepted.</summary>
    public Config? Suggest(string trialId)
    {
        if (_trials.TryGetValue(trialId, out var known)) return known.Config;
        var random = DeterministicRandom.Derive(_seed, trialId);
        return random.NextDouble() >= _settings.RandomFraction && ModelBudget is { } budget
            ? ModelBased(budget, random)
            : _space.Build((p, _) => RandomSearcher.SampleUniform(p.Domain, random));
    }

    public void Accept(string trialId, Config config)
    {
        if (!_trials.ContainsKey(trialId)) _trials[trialId] = new Trial(_trials.Count, config);
    }

    public void OnReport(string trialId, int epoch, double objective) => Record(trialId, epoch, objective);

    public void OnComplete(string trialId, TrialOutcome outcome)
    {
        if (outcome.Status != TrialStatus.Failed && outcome.Objective is { } value) Record(trialId, outcome.Epochs, value);
    }

    private void Record(string trialId, int epoch, double objective)
    {
        if (_budgets.Contains(epoch) && double.IsFinite(objective) && _trials.TryGetValue(trialId, out var trial))
            trial.Losses[epoch] = _objective.ToLoss(objective);
    }

    private Config ModelBased(int budget, DeterministicRandom random)
    {
        var ranked = _trials.Values.Where(t => t.Losses.ContainsKey(budget))
            .OrderBy(t => t.Losses[budget]).ThenBy(t => t.Order)
            .Select(t => t.Config).ToList();
        var n = ranked.Count;
        var goodCount = Math.Max(_settings.MinPointsInModel, (int)(_settings.TopNPercent * n / 100));
        var badCount = Math.Max(_settings.MinPointsInModel, (int)((100 - _settings.TopNPercent) * n / 100));
        var good = new KernelDensity(_space, ranked.Take(goodCount).ToList(), _settings.MinBandwidth);
        var bad = new KernelDensity(_space, ranked.Skip(n - badCount).ToList(), _settings.MinBandwidth);

        Config? best = null;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < _settings.NumSamples; i++)
        {
            var candidate = good.Sample(random, _settings.BandwidthFactor);
            var score = good.LogDensity(candidate) - bad.LogDensity(candidate);
            if (best is null || score > bestScore) (best, bestScore) = (candidate, score);
        }
        return best!;
    }

    private sealed class Trial(int order, Config config)
    {
        public int Order { get; } = order;
        public Config Config { get; } = config;
        public Dictionary<int, double> Losses { get; } = new();
    }
}
