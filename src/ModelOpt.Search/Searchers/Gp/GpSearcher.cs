using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Gp;

/// <summary>
/// Gaussian-process Bayesian optimization with expected improvement. Once <c>nStartupTrials</c> random configs have
/// results, each suggestion conditions a Matérn 5/2 ARD GP on the standardized losses (at most <c>maxObservations</c>
/// of them: the best half and the most recent rest) and returns the config maximizing EI over random candidates
/// refined by a short local search, never one it accepted before while another candidate is left. In a mixed space with at most
/// <c>discreteCombinations</c> combinations of its categorical and integer values, the candidates are spread evenly
/// over the combinations and each combination's best is refined in its continuous parameters
/// (<see cref="DiscreteCombinations"/>), and every other suggestion searches a TuRBO-style trust region of the best
/// combination instead (<see cref="CombinationTrustRegions"/>, <see cref="TrustRegionSearch"/>; option
/// <c>trustRegions</c>). Hyperparameters are fitted by maximum likelihood on at most 128 results,
/// after every result up to 40 and then whenever the results have grown by a tenth (<see cref="HyperparameterSchedule"/>);
/// in between, suggestions reuse the last fit, so a suggestion costs one factorization of the window and the
/// candidates' predictions. Candidates are built through the
/// space, so ints and quantized floats are legal and inactive parameters never appear; the local search moves ints
/// by whole steps and categoricals to other choices. Pending trials enter the model as the GP's own mean (kriging
/// believer) or the mean loss (constant liar), so parallel suggestions spread out. A suggestion made with trials
/// pending is, under <c>tempered</c>, the minimum of a posterior draw at half spread (random Fourier features and
/// Matheron's rule, <see cref="PosteriorPath"/>) from that model, and under <c>gated</c> (the default) such a draw
/// at a quarter spread where <see cref="DrawGate"/> allows it and EI elsewhere; there every other such slot is instead
/// EI under a local GP in a TuRBO-style box around the best result (<see cref="TrustRegionSearch"/>, one region for
/// the whole space), which keeps refining the incumbent's basin while the draws spread the rest of the batch. Failed
/// trials are left out of the model; a stopped trial counts with the last value it reported. The window is taken in
/// suggestion order and each suggestion draws from its own stream, so the model depends on which results exist, not
/// on when a suggestion was made: a searcher that accepted journaled suggestions suggests what the live one would
/// have.
/// </summary>
public sealed class GpSearcher : ISearcher
{
    private const int LocalSearchStarts = 5;
    private const int CoordinateRedraws = 8;
    private const int FitCapacity = 128;
    private const double CategoricalFlipProbability = 0.2;
    // Pending slots' posterior draws: the feature counts measured in docs/benchmarks.md 7e., and half the posterior's
    // spread, since full-spread draws leave Levy's and camel's best basin (7e.).
    private const int PathJointFeatures = 256;
    private const int PathAdditiveFeatures = 32;
    private const double PathTemperature = 0.5;
    // Under gated the draws share the batch with the incumbent's trust-region slots, and a quarter spread keeps Levy
    // at q = 8 within 10 % of sequential (7n.).
    private const double GatedPathTemperature = 0.25;

    private readonly SearchSpace _space;
    private readonly Objective _objective;
    private readonly ulong _seed;
    private readonly GpSettings _settings;
    private readonly ConfigEncoder _encoder;
    private readonly DiscreteCombinations _combinations;
    private readonly TrustRegionSearch? _trustRegions;
    private readonly TrustRegionSearch? _incumbentRegion; // spaces without combinations or conditions: gated pending slots
    private readonly Dictionary<string, GpTrial> _trials = new(StringComparer.Ordinal);
    private readonly List<GpTrial> _inOrder = new();
    private readonly HashSet<Config> _accepted = new();
    private readonly List<GpTrial> _results = new(); // trials with a usable result, in the order the results came
    private (int Point, GpHyperparameters Fit)? _lastFit;

    public GpSearcher(SearcherContext context)
    {
        _space = context.Space;
        _objective = context.Objective;
        _seed = context.Seed;
        _settings = GpSettings.Read(context.Options);
        _encoder = new ConfigEncoder(context.Space);
        _combinations = DiscreteCombinations.Of(context.Space, _settings.DiscreteCombinations);
        if (_settings.TrustRegions && _combinations.Count > 0) _trustRegions = new TrustRegionSearch(context.Space);
        if (_settings.TrustRegions && _settings.Pending == PendingStrategy.Gated && _combinations.Count == 0 && !context.Space.HasConditions
            && new TrustRegionSearch(context.Space) is { HasContinuousParameters: true } incumbentRegion)
            _incumbentRegion = incumbentRegion;
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
        if (_trials.ContainsKey(trialId)) return;
        var trial = new GpTrial(_inOrder.Count, config, _encoder.Encode(config));
        _trials[trialId] = trial;
        _inOrder.Add(trial);
        _accepted.Add(config);
    }

    public void OnReport(string trialId, int epoch, double objective) { }

    public void OnComplete(string trialId, TrialOutcome outcome)
    {
        if (!_trials.TryGetValue(trialId, out var trial) || trial.Ended) return;
        trial.Ended = true;
        if (outcome.Status == TrialStatus.Failed || outcome.Objective is not { } value || !double.IsFinite(_objective.ToLoss(value))) return;
        trial.Loss = _objective.ToLoss(value);
        _results.Add(trial);
    }

    private Config Propose(DeterministicRandom random)
    {
        // Start-up counts results, not suggested trials (unlike TPE's): a GP fitted on the two or three results that
        // exist when q trials are in flight commits early to one basin (Hartmann6 at q = 8: 5 of 10 seeds in its local
        // optimum, median regret 0.062 against 0.0026 counting results; docs/benchmarks.md, issue 16, 7.).
        if (_results.Count < _settings.StartupTrials) return RandomConfig(random);
        // In a mixed space every other suggestion (by acceptance count, so a recovered searcher alternates alike)
        // searches a trust region; the rest keep the global acquisition, which finds the combinations worth one.
        if (_trustRegions is not null && _inOrder.Count % 2 == 1 && ProposeInTrustRegion(_trustRegions, random) is { } local) return local;
        var hyperparameters = Hyperparameters(HyperparameterSchedule.FitPoint(_results.Count));

        var pending = _settings.Pending == PendingStrategy.Ignore
            ? []
            : _inOrder.Where(t => t.IsPending).TakeLast(_settings.MaxObservations / 4).ToList();
        // Half the gated slots (by acceptance count) refine the incumbent: at q = 8 draws alone left Levy's best basin
        // unrefined (1.40x the sequential regret over 120 seeds, 0.99x with this; docs/benchmarks.md, issue 16, 7n.).
        // Decided before the global GP is built, which such a slot does not use.
        var draw = pending.Count > 0 && DrawsFillPendingSlots(hyperparameters);
        if (draw && _incumbentRegion is not null && _inOrder.Count % 2 == 0 && ProposeNearIncumbent(_incumbentRegion, random) is { } nearIncumbent)
            return nearIncumbent;
        var fitted = SelectWindow(_results, _settings.MaxObservations - pending.Count);
        var (x, y) = Standardized(fitted);
        var finished = GaussianProcess.TryCreate(x, y, hyperparameters);
        if (finished is null) return RandomConfig(random);
        var model = finished;
        if (pending.Count > 0)
        {
            var lies = pending.Select(t => _settings.Pending == PendingStrategy.Liar ? 0.0 : finished.Predict(t.Encoded).Mean);
            model = GaussianProcess.TryCreate([.. x, .. pending.Select(t => t.Encoded)], [.. y, .. lies], hyperparameters) ?? finished;
        }

        var best = y.Min();
        double Score(Config c)
        {
            // A config already accepted would only repeat a trial (discrete spaces run into this).
            if (_accepted.Contains(c)) return double.NegativeInfinity;
            var (mu, variance) = model.Predict(_encoder.Encode(c));
            return ExpectedImprovement.Compute(mu, variance, best, _settings.Xi);
        }
        List<Config> starts = [.. fitted.OrderBy(t => t.Loss).ThenBy(t => t.Order).Take(LocalSearchStarts).Select(t => t.Config)];
        if (draw)
        {
            // A Thompson sample from the model with the believer's lies, so it avoids the pending points as EI does.
            var path = model.SamplePath(random, PathJointFeatures, PathAdditiveFeatures,
                _settings.Pending == PendingStrategy.Gated ? GatedPathTemperature : PathTemperature);
            return MaximizeAcquisition(c => _accepted.Contains(c) ? double.NegativeInfinity : -path.Value(_encoder.Encode(c)), starts, random);
        }
        return MaximizeAcquisition(Score, starts, random);
    }

    /// <summary>
    /// Whether a suggestion made with trials pending is a posterior draw's minimum rather than EI's maximum. <c>gated</c>
    /// leaves spaces searched per discrete combination on EI: the draws were measured on continuous spaces only.
    /// </summary>
    private bool DrawsFillPendingSlots(GpHyperparameters fit) => _settings.Pending switch
    {
        PendingStrategy.Tempered => true,
        PendingStrategy.Gated => _combinations.Count == 0 && DrawGate.AllowsDraw(_results.Count, fit),
        _ => false,
    };

    /// <summary>
    /// A suggestion inside the trust region of the best unconverged discrete combination, or null when there is none
    /// or it has nothing new to offer (the global acquisition then suggests).
    /// </summary>
    private Config? ProposeInTrustRegion(TrustRegionSearch search, DeterministicRandom random)
    {
        if (CombinationTrustRegions.Choose(_results, _combinations, t => search.Coordinates(t.Config)) is not { } region) return null;
        var pending = _settings.Pending == PendingStrategy.Ignore
            ? []
            : _inOrder.Where(t => t.IsPending && _combinations.IndexOf(t.Config) == region.Combination).ToList();
        return search.Propose(region, pending, _accepted.Contains, random);
    }

    /// <summary>
    /// A suggestion in the one trust region of a space without discrete combinations, around the best result and
    /// grown or shrunk by the results as in <see cref="CombinationTrustRegions"/>; null once it has converged or has
    /// nothing new to offer.
    /// </summary>
    private Config? ProposeNearIncumbent(TrustRegionSearch search, DeterministicRandom random)
    {
        if (CombinationTrustRegions.Choose(_results, _ => 0, t => search.Coordinates(t.Config)) is not { } region) return null;
        return search.Propose(region, _inOrder.Where(t => t.IsPending).ToList(), _accepted.Contains, random);
    }

    /// <summary>The fit on the first <paramref name="point"/> results; made once, and again only when the schedule moves on.</summary>
    private GpHyperparameters Hyperparameters(int point)
    {
        if (_lastFit is { } last && last.Point == point) return last.Fit;
        var (x, y) = Standardized(SelectWindow(_results.GetRange(0, point), FitCapacity));
        var fit = MarginalLikelihoodFit.Fit(x, y, _settings.Additive);
        _lastFit = (point, fit);
        return fit;
    }

    /// <summary>Encodings and losses standardized to mean 0 and deviation 1.</summary>
    private static (double[][] X, double[] Y) Standardized(List<GpTrial> trials) =>
        (trials.Select(t => t.Encoded).ToArray(), LossScale.Standardize(trials.Select(t => t.Loss!.Value).ToArray()));

    /// <summary>Random candidates, then a (1+1) local search from the best candidates and the best observed configs.</summary>
    private Config MaximizeAcquisition(Func<Config, double> score, IReadOnlyList<Config> observedStarts, DeterministicRandom random)
    {
        var candidates = new List<(Config Config, double Score)>(_settings.Candidates);
        // In a mixed space with few discrete combinations, candidate i gets combination i mod K (its numbers stay random).
        var bestPerCombination = new (Config Config, double Score)?[_combinations.Count];
        for (var i = 0; i < _settings.Candidates; i++)
        {
            var c = RandomConfig(random);
            var k = _combinations.Count > 0 ? i % _combinations.Count : -1;
            if (k >= 0) c = _combinations.Apply(c, k);
            var scored = (Config: c, Score: score(c));
            candidates.Add(scored);
            if (k >= 0 && (bestPerCombination[k] is not { } known || scored.Score > known.Score)) bestPerCombination[k] = scored;
        }
        // One parameter of a good config drawn anew: where effects add up (the additive part of the kernel), the best
        // value of each parameter can be found on its own, which random points in many dimensions rarely hit.
        foreach (var start in observedStarts)
            foreach (var p in _space.Parameters)
                for (var k = 0; k < CoordinateRedraws && start.ContainsKey(p.Name) && p.Domain.Cardinality is not 1; k++)
                {
                    var c = _space.Repair(start.With(p.Name, RandomSearcher.SampleUniform(p.Domain, random)), (q, _) => RandomSearcher.SampleUniform(q.Domain, random));
                    candidates.Add((c, score(c)));
                }
        var starts = candidates.OrderByDescending(c => c.Score).Take(LocalSearchStarts)
            .Concat(observedStarts.Select(c => (Config: c, Score: score(c))))
            .ToList();

        var best = candidates.MaxBy(c => c.Score);
        foreach (var start in starts)
        {
            var current = LocalSearch(start, score, random, _settings.LocalSearchSteps, continuousOnly: false);
            if (current.Score > best.Score) best = current;
        }
        // Within each discrete combination, the continuous parameters of its best candidate are refined too.
        foreach (var start in bestPerCombination)
        {
            if (start is not { } s) continue;
            var current = LocalSearch(s, score, random, _settings.CombinationSearchSteps, continuousOnly: true);
            if (current.Score > best.Score) best = current;
        }
        return best.Config;
    }

    /// <summary>A (1+1) search from <paramref name="start"/> whose step shrinks after each failure.</summary>
    private (Config Config, double Score) LocalSearch((Config Config, double Score) start, Func<Config, double> score, DeterministicRandom random, int steps, bool continuousOnly)
    {
        var current = start;
        var sigma = 0.1;
        for (var step = 0; step < steps; step++)
        {
            var neighbour = Perturb(current.Config, sigma, random, continuousOnly);
            var s = score(neighbour);
            if (s > current.Score) current = (neighbour, s);
            else sigma = Math.Max(sigma * 0.8, 0.005);
        }
        return current;
    }

    /// <summary>
    /// A neighbour: numbers moved by a normal step of <paramref name="sigma"/> in unit space (an int that the step
    /// leaves in place moves one step up or down half the time, so small steps still reach its neighbours), a
    /// categorical switched to another choice now and then. With <paramref name="continuousOnly"/> only the
    /// non-integer numbers move.
    /// </summary>
    private Config Perturb(Config source, double sigma, DeterministicRandom random, bool continuousOnly) =>
        _space.Build((p, _) =>
        {
            if (!source.TryGetValue(p.Name, out var value)) return RandomSearcher.SampleUniform(p.Domain, random);
            if (continuousOnly && p.Domain is not FloatDomain) return value;
            switch (p.Domain)
            {
                case CategoricalDomain c:
                    return random.NextDouble() < CategoricalFlipProbability ? c.Choices[random.NextInt(c.Choices.Count)] : value;
                case IntDomain i:
                    var moved = i.FromUnit(i.ToUnit(value.AsInt()) + random.Normal(0, sigma));
                    if (moved == value.AsInt() && random.NextDouble() < 0.5)
                        moved = Math.Clamp(moved + (random.NextDouble() < 0.5 ? -i.Step : i.Step), i.Low, i.High);
                    return ParameterValue.Int(moved);
                case FloatDomain:
                    return UnitScale.FromUnit(p.Domain, UnitScale.ToUnit(p.Domain, value) + random.Normal(0, sigma));
                default:
                    return value;
            }
        });

    private Config RandomConfig(DeterministicRandom random) => _space.Build((p, _) => RandomSearcher.SampleUniform(p.Domain, random));

    /// <summary>All of <paramref name="results"/> when they fit; otherwise the best half and the most recent rest. In suggestion order.</summary>
    private static List<GpTrial> SelectWindow(List<GpTrial> results, int capacity)
    {
        if (results.Count <= capacity) return results.OrderBy(t => t.Order).ToList();
        var bestHalf = results.OrderBy(t => t.Loss).ThenBy(t => t.Order).Take(capacity / 2).ToHashSet();
        var recent = results.Where(t => !bestHalf.Contains(t)).OrderBy(t => t.Order).TakeLast(capacity - bestHalf.Count);
        return bestHalf.Concat(recent).OrderBy(t => t.Order).ToList();
    }
}
