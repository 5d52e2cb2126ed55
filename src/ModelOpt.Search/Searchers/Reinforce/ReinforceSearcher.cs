using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Reinforce;

/// <summary>
/// A REINFORCE controller over architecture decisions: independent softmax logits per parameter (ints and floats
/// discretized into <c>bins</c> slices of unit space), a config sampled from the policy, and on each result a
/// policy-gradient step on the decisions that were active in that trial, with reward = the objective in maximize
/// form minus a moving-average baseline (<c>baselineDecay</c>), divided by a moving deviation when
/// <c>normalizeRewards</c> is on. The policy is rebuilt by replaying the results in suggestion order whenever a
/// new one arrived, so results arriving in any order give the same policy. A failed trial is rewarded like the
/// worst result seen before it in that order (so the controller learns to avoid configs that break) and is
/// skipped when there is none yet; a stopped trial counts with the last value it reported.
/// </summary>
public sealed class ReinforceSearcher : ISearcher
{
    private readonly SearchSpace _space;
    private readonly Objective _objective;
    private readonly ulong _seed;
    private readonly ReinforceSettings _settings;
    private readonly Dictionary<string, Decision> _decisions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sampled> _trials = new(StringComparer.Ordinal);
    private SoftmaxPolicy _policy;
    private bool _stale;

    public ReinforceSearcher(SearcherContext context)
    {
        _space = context.Space;
        _objective = context.Objective;
        _seed = context.Seed;
        _settings = ReinforceSettings.Read(context.Options);
        foreach (var p in _space.Parameters.Where(p => p.Domain is not ConstantDomain))
            _decisions[p.Name] = new Decision(p, _settings.Bins);
        _policy = new SoftmaxPolicy(_decisions);
    }

    /// <summary>The current probabilities of <paramref name="parameter"/>'s choices (or bins).</summary>
    public IReadOnlyList<double> Probabilities(string parameter)
    {
        Refresh();
        return _policy.Probabilities(parameter);
    }

    /// <summary>Returns the same config again for a trial id it has already suggested.</summary>
    public Config? Suggest(string trialId)
    {
        if (_trials.TryGetValue(trialId, out var known)) return known.Config;
        Refresh();
        var random = DeterministicRandom.Derive(_seed, trialId);
        var actions = new Dictionary<string, int>(StringComparer.Ordinal);
        var config = _space.Build((p, _) =>
        {
            var action = random.Choice(_policy.Probabilities(p.Name));
            actions[p.Name] = action;
            return _decisions[p.Name].Value(action, random);
        });
        _trials[trialId] = new Sampled(_trials.Count, config, actions);
        return config;
    }

    public void OnReport(string trialId, int epoch, double objective) { }

    public void OnComplete(string trialId, TrialOutcome outcome)
    {
        if (!_trials.TryGetValue(trialId, out var trial)) return;
        trial.Reward = outcome.Status != TrialStatus.Failed && outcome.Objective is { } v && double.IsFinite(v) ? -_objective.ToLoss(v) : null;
        trial.Done = true;
        _stale = true;
    }

    private void Refresh()
    {
        if (!_stale) return;
        _stale = false;
        _policy = new SoftmaxPolicy(_decisions);
        double? baseline = null;
        var deviation = 0.0;
        var worst = double.PositiveInfinity;
        foreach (var trial in _trials.Values.Where(t => t.Done).OrderBy(t => t.Order))
        {
            var reward = trial.Reward ?? worst;
            if (double.IsInfinity(reward)) continue;
            worst = Math.Min(worst, reward);
            var b = baseline ?? reward;
            var decay = _settings.BaselineDecay;
            deviation = decay * deviation + (1 - decay) * (reward - b) * (reward - b);
            var advantage = reward - b;
            if (_settings.NormalizeRewards) advantage = deviation > 1e-24 ? advantage / Math.Sqrt(deviation) : 0;
            baseline = decay * b + (1 - decay) * reward;
            foreach (var (name, action) in trial.Actions)
                _policy.Update(name, action, advantage, _settings.LearningRate, _settings.EntropyWeight);
        }
    }

    private sealed class Sampled(int order, Config config, IReadOnlyDictionary<string, int> actions)
    {
        public int Order { get; } = order;
        public Config Config { get; } = config;
        public IReadOnlyDictionary<string, int> Actions { get; } = actions;
        public bool Done { get; set; }
        public double? Reward { get; set; }
    }
}
