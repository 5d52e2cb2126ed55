using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Reinforce;

/// <summary>
/// A REINFORCE controller over architecture decisions: independent softmax logits per parameter (ints and floats
/// discretized into <c>bins</c> slices of unit space), a config sampled from the policy, and on each result a
/// policy-gradient step on the decisions that were active in that trial, with reward = the objective in maximize
/// form minus a moving-average baseline (<c>baselineDecay</c>), divided by a moving deviation when
/// <c>normalizeRewards</c> is on. The policy is rebuilt by replaying the results in suggestion order whenever a
/// new one arrived (keeping the state of the finished prefix), so results arriving in any order give the same
/// policy; a trial's first completion is the one that counts. A failed trial is rewarded like the
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
    private readonly List<Sampled> _bySuggestion = new();
    private readonly PolicyReplay _settled;
    private int _settledCount;
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
        _settled = new PolicyReplay(new SoftmaxPolicy(_decisions), _settings);
        _policy = _settled.Policy;
    }

    /// <summary>The current probabilities of <paramref name="parameter"/>'s choices (or bins).</summary>
    public IReadOnlyList<double> Probabilities(string parameter)
    {
        Refresh();
        return _policy.Probabilities(parameter);
    }

    /// <summary>Returns the same config again for a trial id it has already accepted.</summary>
    public Config? Suggest(string trialId)
    {
        if (_trials.TryGetValue(trialId, out var known)) return known.Config;
        Refresh();
        var random = DeterministicRandom.Derive(_seed, trialId);
        return _space.Build((p, _) => _decisions[p.Name].Value(random.Choice(_policy.Probabilities(p.Name)), random));
    }

    /// <summary>
    /// The actions the policy learns from are read back from the values (the option each value falls in), so a
    /// journaled suggestion and an outside config teach it the same way as one it just sampled.
    /// </summary>
    public void Accept(string trialId, Config config)
    {
        if (_trials.ContainsKey(trialId)) return;
        var actions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, value) in config)
            if (_decisions.TryGetValue(name, out var decision) && decision.OptionOf(value) is var option and >= 0)
                actions[name] = option;
        var sampled = new Sampled(config, actions);
        _trials[trialId] = sampled;
        _bySuggestion.Add(sampled);
    }

    public void OnReport(string trialId, int epoch, double objective) { }

    public void OnComplete(string trialId, TrialOutcome outcome)
    {
        if (!_trials.TryGetValue(trialId, out var trial) || trial.Done) return;
        trial.Reward = outcome.Status != TrialStatus.Failed && outcome.Objective is { } v && double.IsFinite(v) ? -_objective.ToLoss(v) : null;
        trial.Done = true;
        _stale = true;
    }

    /// <summary>
    /// Replays results in suggestion order. The prefix of trials that are all finished never changes again, so its
    /// state is kept and only the finished trials after the first unfinished one are replayed on a copy.
    /// </summary>
    private void Refresh()
    {
        if (!_stale) return;
        _stale = false;
        for (; _settledCount < _bySuggestion.Count && _bySuggestion[_settledCount].Done; _settledCount++)
            _settled.Apply(_bySuggestion[_settledCount].Reward, _bySuggestion[_settledCount].Actions);
        var tail = _bySuggestion.Skip(_settledCount).Where(t => t.Done).ToList();
        if (tail.Count == 0)
        {
            _policy = _settled.Policy;
            return;
        }
        var current = _settled.Clone();
        foreach (var trial in tail) current.Apply(trial.Reward, trial.Actions);
        _policy = current.Policy;
    }

    private sealed class Sampled(Config config, IReadOnlyDictionary<string, int> actions)
    {
        public Config Config { get; } = config;
        public IReadOnlyDictionary<string, int> Actions { get; } = actions;
        public bool Done { get; set; }
        public double? Reward { get; set; }
    }
}
