using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// Gaussian-process Bayesian optimization with expected improvement. After <c>nStartupTrials</c> random configs,
/// each suggestion fits a Matérn 5/2 ARD GP to the standardized losses (at most <c>maxObservations</c> of them:
/// the best half and the most recent rest) and returns the config maximizing EI over random candidates refined by
/// a short local search, never one it suggested before while another candidate is left. Candidates are built
/// through the space, so ints and quantized floats are legal and inactive parameters never appear. Pending trials enter the fit as the GP's own mean (kriging believer) or the
/// mean loss (constant liar), so parallel suggestions spread out. Failed trials are left out of the model; a
/// stopped trial counts with the last value it reported. Observations are taken in suggestion order and each
/// suggestion draws from its own stream, so results arriving in any order give the same next suggestion.
/// </summary>
public sealed class GpSearcher : ISearcher
{
    private const int LocalSearchStarts = 5;
    private const double CategoricalFlipProbability = 0.2;

    private readonly SearchSpace _space;
    private readonly Objective _objective;
    private readonly ulong _seed;
    private readonly GpSettings _settings;
    private readonly ConfigEncoder _encoder;
    private readonly Dictionary<string, GpTrial> _trials = new(StringComparer.Ordinal);

    public GpSearcher(SearcherContext context)
    {
        _space = context.Space;
        _objective = context.Objective;
        _seed = context.Seed;
        _settings = GpSettings.Read(context.Options);
        _encoder = new ConfigEncoder(context.Space);
    }

    /// <summary>Returns the same config again for a trial id it has already accepted.</summary>
    public Config? Suggest(string trialId)
    {
        if (_trials.TryGetValue(trialId, out var known)) return known.Config;
        var random = DeterministicRandom.Derive(_seed, trialId);
        return _encoder.Dimensions == 0 ? RandomConfig(random) : Propose(random);
    }

    public void Accept(string trialId, Config config)
    {
        if (!_trials.ContainsKey(trialId)) _trials[trialId] = new GpTrial(_trials.Count, config, _encoder.Encode(config));
    }

    public void OnReport(string trialId, int epoch, double objective) { }

    public void OnComplete(string trialId, TrialOutcome outcome)
    {
        if (!_trials.TryGetValue(trialId, out var trial)) return;
        if (outcome.Status == TrialStatus.Failed || outcome.Objective is not { } value || !double.IsFinite(value))
            trial.Failed = true;
        else
            trial.Loss = _objective.ToLoss(value);
    }

    private Config Propose(DeterministicRandom random)
    {
        var observed = _trials.Values.Where(t => t.Loss is not null).OrderBy(t => t.Order).ToList();
        if (observed.Count < _settings.StartupTrials) return RandomConfig(random);

        var pending = _settings.Pending == PendingStrategy.Ignore
            ? []
            : _trials.Values.Where(t => t.IsPending).OrderBy(t => t.Order).TakeLast(_settings.MaxObservations / 4).ToList();
        var fitted = SelectForFit(observed, _settings.MaxObservations - pending.Count);

        var losses = fitted.Select(t => t.Loss!.Value).ToArray();
        var mean = losses.Average();
        var std = Math.Sqrt(losses.Select(l => (l - mean) * (l - mean)).Average());
        if (std < 1e-12) std = 1;
        var x = fitted.Select(t => t.Encoded).ToArray();
        var y = losses.Select(l => (l - mean) / std).ToArray();

        var hyperparameters = MarginalLikelihoodFit.Fit(x, y);
        var model = GaussianProcess.TryCreate(x, y, hyperparameters);
        if (model is null) return RandomConfig(random);
        if (pending.Count > 0)
        {
            var lies = pending.Select(t => _settings.Pending == PendingStrategy.Believer ? model.Predict(t.Encoded).Mean : 0.0);
            model = GaussianProcess.TryCreate([.. x, .. pending.Select(t => t.Encoded)], [.. y, .. lies], hyperparameters) ?? model;
        }

        var best = y.Min();
        var suggested = _trials.Values.Select(t => t.Config).ToHashSet();
        double Score(Config c)
        {
            // A config already suggested would only repeat a trial (discrete spaces run into this).
            if (suggested.Contains(c)) return double.NegativeInfinity;
            var (mu, variance) = model.Predict(_encoder.Encode(c));
            return ExpectedImprovement.Compute(mu, variance, best, _settings.Xi);
        }
        return MaximizeAcquisition(Score, fitted.OrderBy(t => t.Loss).ThenBy(t => t.Order).Take(LocalSearchStarts).Select(t => t.Config), random);
    }

    /// <summary>Random candidates, then a (1+1) local search from the best candidates and the best observed configs.</summary>
    private Config MaximizeAcquisition(Func<Config, double> score, IEnumerable<Config> observedStarts, DeterministicRandom random)
    {
        var candidates = new List<(Config Config, double Score)>(_settings.Candidates);
        for (var i = 0; i < _settings.Candidates; i++)
        {
            var c = RandomConfig(random);
            candidates.Add((c, score(c)));
        }
        var starts = candidates.OrderByDescending(c => c.Score).Take(LocalSearchStarts)
            .Concat(observedStarts.Select(c => (Config: c, Score: score(c))))
            .ToList();

        var best = candidates.MaxBy(c => c.Score);
        foreach (var start in starts)
        {
            var current = start;
            var sigma = 0.1;
            for (var step = 0; step < _settings.LocalSearchSteps; step++)
            {
                var neighbour = Perturb(current.Config, sigma, random);
                var s = score(neighbour);
                if (s > current.Score) current = (neighbour, s);
                else sigma = Math.Max(sigma * 0.8, 0.005);
            }
            if (current.Score > best.Score) best = current;
        }
        return best.Config;
    }

    private Config Perturb(Config source, double sigma, DeterministicRandom random) =>
        _space.Build((p, _) =>
        {
            if (!source.TryGetValue(p.Name, out var value)) return RandomSearcher.SampleUniform(p.Domain, random);
            return p.Domain switch
            {
                CategoricalDomain c => random.NextDouble() < CategoricalFlipProbability ? c.Choices[random.NextInt(c.Choices.Count)] : value,
                FloatDomain or IntDomain => UnitScale.FromUnit(p.Domain, UnitScale.ToUnit(p.Domain, value) + random.Normal(0, sigma)),
                _ => value,
            };
        });

    private Config RandomConfig(DeterministicRandom random) => _space.Build((p, _) => RandomSearcher.SampleUniform(p.Domain, random));

    /// <summary>All observations when they fit; otherwise the best half and the most recent rest, in suggestion order.</summary>
    private static List<GpTrial> SelectForFit(List<GpTrial> observed, int capacity)
    {
        if (observed.Count <= capacity) return observed;
        var bestHalf = observed.OrderBy(t => t.Loss).ThenBy(t => t.Order).Take(capacity / 2).ToHashSet();
        var recent = observed.Where(t => !bestHalf.Contains(t)).TakeLast(capacity - bestHalf.Count);
        return bestHalf.Concat(recent).OrderBy(t => t.Order).ToList();
    }
}
