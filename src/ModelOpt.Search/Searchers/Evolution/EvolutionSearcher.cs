using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Evolution;

/// <summary>
/// Regularized (aging) evolution (Real et al., 2019). Until <c>populationSize</c> results exist it suggests
/// uniform configs; then it samples <c>sampleSize</c> members of the population, takes the best as parent and
/// returns it with <c>mutateCount</c> parameters changed. The population is the <c>populationSize</c> youngest
/// results, where age is birth order (suggestion order): when a new result arrives the oldest member dies.
/// Aging by birth rather than by arrival keeps the state independent of the order in which parallel results come
/// back, so a replayed search reaches the same population. Failed trials never join the population; a stopped
/// trial joins with the last value it reported.
/// </summary>
public sealed class EvolutionSearcher : ISearcher
{
    private readonly SearchSpace _space;
    private readonly Objective _objective;
    private readonly ulong _seed;
    private readonly EvolutionSettings _settings;
    private readonly Dictionary<string, Member> _trials = new(StringComparer.Ordinal);

    public EvolutionSearcher(SearcherContext context)
    {
        _space = context.Space;
        _objective = context.Objective;
        _seed = context.Seed;
        _settings = EvolutionSettings.Read(context.Options);
    }

    /// <summary>The trial ids of the current population, oldest first.</summary>
    public IReadOnlyList<string> Population => CurrentPopulation().Select(m => m.TrialId).ToList();

    /// <summary>Returns the same config again for a trial id it has already accepted.</summary>
    public Config? Suggest(string trialId)
    {
        if (_trials.TryGetValue(trialId, out var known)) return known.Config;
        var random = DeterministicRandom.Derive(_seed, trialId);
        var population = CurrentPopulation();
        return population.Count < _settings.PopulationSize
            ? _space.Build((p, _) => RandomSearcher.SampleUniform(p.Domain, random))
            : Mutation.Mutate(_space, Tournament(population, random).Config, _settings.MutateCount, random);
    }

    public void Accept(string trialId, Config config)
    {
        if (!_trials.ContainsKey(trialId)) _trials[trialId] = new Member(trialId, _trials.Count, config);
    }

    public void OnReport(string trialId, int epoch, double objective) { }

    public void OnComplete(string trialId, TrialOutcome outcome)
    {
        if (!_trials.TryGetValue(trialId, out var member)) return;
        if (outcome.Status != TrialStatus.Failed && outcome.Objective is { } value && double.IsFinite(value))
            member.Loss = _objective.ToLoss(value);
    }

    private List<Member> CurrentPopulation() =>
        _trials.Values.Where(m => m.Loss is not null).OrderByDescending(m => m.Order).Take(_settings.PopulationSize).Reverse().ToList();

    /// <summary>The best of <c>sampleSize</c> distinct members drawn uniformly.</summary>
    private Member Tournament(List<Member> population, DeterministicRandom random)
    {
        var indexes = Enumerable.Range(0, population.Count).ToArray();
        Member? best = null;
        for (var i = 0; i < _settings.SampleSize; i++)
        {
            var j = i + random.NextInt(indexes.Length - i);
            (indexes[i], indexes[j]) = (indexes[j], indexes[i]);
            var candidate = population[indexes[i]];
            if (best is null || candidate.Loss < best.Loss || (candidate.Loss == best.Loss && candidate.Order < best.Order)) best = candidate;
        }
        return best!;
    }

    private sealed class Member(string trialId, int order, Config config)
    {
        public string TrialId { get; } = trialId;
        public int Order { get; } = order;
        public Config Config { get; } = config;
        public double? Loss { get; set; }
    }
}
