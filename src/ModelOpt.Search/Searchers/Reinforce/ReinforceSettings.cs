namespace ModelOpt.Search.Searchers.Reinforce;

/// <summary>The <c>reinforce</c> searcher's options.</summary>
internal sealed record ReinforceSettings(int Bins, double LearningRate, double BaselineDecay, double EntropyWeight, bool NormalizeRewards)
{
    public static ReinforceSettings Read(AlgorithmOptions options)
    {
        var settings = new ReinforceSettings(
            Bins: options.Int("bins", 8, min: 2, max: 1000),
            LearningRate: options.Double("learningRate", 0.2, min: 0, max: 100),
            BaselineDecay: options.Double("baselineDecay", 0.9, min: 0, max: 1),
            EntropyWeight: options.Double("entropyWeight", 0, min: 0),
            NormalizeRewards: options.Bool("normalizeRewards", true));
        options.RejectUnknown();
        return settings;
    }
}
