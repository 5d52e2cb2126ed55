using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Random;

/// <summary>Independent uniform sampling (log-uniform on log scales). Each trial draws from its own stream, so results in any order give the same suggestions.</summary>
public sealed class RandomSearcher : ISearcher
{
    private readonly SearchSpace _space;
    private readonly ulong _seed;

    public RandomSearcher(SearcherContext context)
    {
        _space = context.Space;
        _seed = context.Seed;
        context.Options.RejectUnknown();
    }

    public Config? Suggest(string trialId)
    {
        var random = DeterministicRandom.Derive(_seed, trialId);
        return _space.Build((p, _) => SampleUniform(p.Domain, random));
    }

    /// <summary>Nothing to remember: a suggestion depends on the seed and trial id alone.</summary>
    public void Accept(string trialId, Config config) { }

    public void OnReport(string trialId, int epoch, double objective) { }

    public void OnComplete(string trialId, TrialOutcome outcome) { }

    /// <summary>A uniform draw from a domain in its own scale; shared by every searcher that needs a random value.</summary>
    public static ParameterValue SampleUniform(Domain domain, DeterministicRandom random) => domain switch
    {
        FloatDomain f => ParameterValue.Float(f.FromUnit(random.NextDouble())),
        IntDomain i => ParameterValue.Int(i.FromUnit(random.NextDouble())),
        CategoricalDomain c => c.Choices[random.NextInt(c.Choices.Count)],
        ConstantDomain k => k.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(domain)),
    };
}
