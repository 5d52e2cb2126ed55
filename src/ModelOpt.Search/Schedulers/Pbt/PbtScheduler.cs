using ModelOpt.Search.Schedulers.Asha;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Schedulers.Pbt;

/// <summary>
/// Population based training decisions (Jaderberg et al., 2017). Every <c>perturbationInterval</c> epochs a trial in
/// the bottom <c>quantileFraction</c> of the population exploits a trial drawn from the top quantile (its checkpoint
/// is copied by the cluster) and explores: each parameter in <c>hyperparamMutations</c> is resampled with
/// <c>resampleProbability</c>, otherwise scaled by one of <c>perturbationFactors</c> (numbers) or moved to a
/// neighbouring choice (categoricals). Draws come from the seed, the trial and the epoch, never the clock.
/// </summary>
public sealed class PbtScheduler : ITrialScheduler
{
    private readonly SearchSpace _space;
    private readonly Objective _objective;
    private readonly ulong _seed;
    private readonly int _interval;
    private readonly double _quantile;
    private readonly double _resample;
    private readonly double[] _factors;
    private readonly IReadOnlyList<string> _mutations;
    private readonly Dictionary<string, Member> _population = new(StringComparer.Ordinal);

    private sealed class Member(Config config)
    {
        public Config Config { get; set; } = config;
        public double? Score { get; set; }
        public int LastDecisionEpoch { get; set; }
        public bool Active { get; set; } = true;
    }

    public PbtScheduler(SchedulerContext context)
    {
        var o = context.Options;
        _space = context.Space;
        _objective = context.Objective;
        _seed = context.Seed;
        _interval = o.Int("perturbationInterval", 2, min: 1);
        _quantile = o.Double("quantileFraction", 0.25, min: 0.01, max: 0.5);
        _resample = o.Double("resampleProbability", 0.25, min: 0, max: 1);
        _factors = ReadFactors(o);
        _mutations = ReadMutations(o, context.Space);
        o.RejectUnknown();
    }

    public IReadOnlyList<string> Mutations => _mutations;

    public Config ConfigOf(string trialId) => _population[trialId].Config;

    public void OnTrialStart(string trialId, Config config)
    {
        if (_population.TryGetValue(trialId, out var member)) { member.Active = true; return; }
        _population[trialId] = new Member(config);
    }

    public SchedulerDecision OnReport(string trialId, TrialReport report)
    {
        if (!_population.TryGetValue(trialId, out var member)) _population[trialId] = member = new Member(Config.Empty);
        member.Score = report.Objective;
        if (report.Epoch - member.LastDecisionEpoch < _interval) return SchedulerDecision.Continue();
        member.LastDecisionEpoch = report.Epoch;

        // Only trials still training rank: an ended trial neither moves the quantiles nor serves as a source.
        var ranked = _population.Where(kv => kv.Value.Active && kv.Value.Score is not null)
            .OrderBy(kv => _objective.ToLoss(kv.Value.Score!.Value)).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .ToList();
        var cut = (int)Math.Ceiling(ranked.Count * _quantile);
        if (ranked.Count < 2 || cut * 2 > ranked.Count) return SchedulerDecision.Continue();
        var rank = ranked.FindIndex(kv => kv.Key == trialId);
        if (rank < ranked.Count - cut) return SchedulerDecision.Continue();

        var random = DeterministicRandom.Derive(_seed, $"pbt/{trialId}/{report.Epoch}");
        var source = ranked[random.NextInt(cut)];
        var (config, changes) = Explore(source.Value.Config, random);
        member.Config = config;
        member.Score = source.Value.Score;
        var reason = $"bottom {_quantile:P0} ({AshaBracket.F(report.Objective)}, rank {rank + 1}/{ranked.Count}) → clone {source.Key} "
                     + $"({AshaBracket.F(source.Value.Score!.Value)}){(changes.Count > 0 ? "; " + string.Join(", ", changes) : "")}";
        return SchedulerDecision.Exploit(source.Key, config, reason);
    }

    public void OnTrialEnd(string trialId, Searchers.TrialStatus status)
    {
        if (_population.TryGetValue(trialId, out var member)) member.Active = false;
    }

    private (Config Config, List<string> Changes) Explore(Config source, DeterministicRandom random)
    {
        var changes = new List<string>();
        var proposed = source;
        foreach (var name in _mutations)
        {
            if (!source.TryGetValue(name, out var old)) continue;
            var domain = _space[name].Domain;
            var value = random.NextDouble() < _resample ? Searchers.Random.RandomSearcher.SampleUniform(domain, random) : Perturb(domain, old, random);
            if (!value.Equals(old)) changes.Add($"{name} {old}→{value}");
            proposed = proposed.With(name, value);
        }
        return (_space.Repair(proposed, (p, _) => Searchers.Random.RandomSearcher.SampleUniform(p.Domain, random)), changes);
    }

    private ParameterValue Perturb(Domain domain, ParameterValue value, DeterministicRandom random)
    {
        var factor = _factors[random.NextInt(_factors.Length)];
        switch (domain)
        {
            case FloatDomain f:
                return ParameterValue.Float(f.Legalize(value.AsDouble() * factor));
            case IntDomain i:
                var scaled = i.Legalize(value.AsInt() * factor);
                // Small integers would never move under a 0.8/1.2 factor; step them instead.
                if (scaled == value.AsInt()) scaled = i.Legalize(value.AsInt() + (factor >= 1 ? i.Step : -i.Step));
                return ParameterValue.Int(scaled);
            case CategoricalDomain c:
                var index = c.IndexOf(value) + (random.NextDouble() < 0.5 ? -1 : 1);
                return c.Choices[Math.Clamp(index, 0, c.Choices.Count - 1)];
            default:
                return value;
        }
    }

    private static double[] ReadFactors(AlgorithmOptions o)
    {
        var list = o.List("perturbationFactors");
        if (list is null) return [0.8, 1.2];
        var factors = list.Select(v => v is double or long ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : double.NaN).ToArray();
        if (factors.Length == 0 || factors.Any(f => !double.IsFinite(f) || f <= 0))
        {
            o.AddError("perturbationFactors", "must be a non-empty list of positive finite numbers");
            return [0.8, 1.2];
        }
        return factors;
    }

    private static IReadOnlyList<string> ReadMutations(AlgorithmOptions o, SearchSpace space)
    {
        var list = o.List("hyperparamMutations");
        if (list is null)
            return space.Parameters.Where(p => !p.IsConditional && p.Domain is FloatDomain).Select(p => p.Name).ToList();
        var names = new List<string>();
        foreach (var item in list)
        {
            if (item is string name && space.Contains(name)) names.Add(name);
            else o.AddError("hyperparamMutations", $"'{item}' is not a parameter of the space");
        }
        return names;
    }
}
