namespace ModelOpt.Search.Searchers.Tpe;

/// <summary>The TPE searcher's options, read (and validated, with paths) from the spec's searcher block.</summary>
internal sealed record TpeOptions(
    int StartupTrials,
    int Candidates,
    double Gamma,
    int MaxGoodTrials,
    double PriorWeight,
    bool MagicClip,
    bool ConsiderEndpoints,
    bool Multivariate,
    bool ConstantLiar,
    bool Believer,
    double LiarWeight,
    bool DiscountOldTrials,
    bool WidthWeightedScoring,
    bool NeighbourBandwidth,
    bool IncumbentSlots)
{
    public static TpeOptions Read(AlgorithmOptions options)
    {
        var read = new TpeOptions(
            StartupTrials: options.Int("nStartupTrials", 10, min: 0),
            Candidates: options.Int("nEiCandidates", 24, min: 1, max: 100_000),
            Gamma: Positive(options, "gamma", 0.15, max: 1),
            MaxGoodTrials: options.Int("maxGoodTrials", 25, min: 1),
            PriorWeight: Positive(options, "priorWeight", 1.0, max: 1e6),
            MagicClip: options.Bool("considerMagicClip", true),
            ConsiderEndpoints: options.Bool("considerEndpoints", false),
            Multivariate: options.Bool("multivariate", true),
            ConstantLiar: options.Bool("constantLiar", true),
            Believer: options.String("pendingStrategy", "believer", "believer", "liar") == "believer",
            LiarWeight: Positive(options, "liarWeight", 1.0, max: 1e6),
            DiscountOldTrials: options.Bool("discountOldTrials", true),
            WidthWeightedScoring: options.Bool("widthWeightedScoring", true),
            NeighbourBandwidth: options.String("bandwidth", "neighbours", "neighbours", "scott") == "neighbours",
            IncumbentSlots: options.Bool("incumbentSlots", true));
        options.RejectUnknown();
        return read;
    }

    /// <summary>How many of <paramref name="observed"/> ranked trials form the "good" group: ceil(gamma·n), at most <see cref="MaxGoodTrials"/>.</summary>
    public int GoodCount(int observed) => Math.Min((int)Math.Ceiling(Gamma * observed), MaxGoodTrials);

    private static double Positive(AlgorithmOptions options, string key, double fallback, double max)
    {
        var value = options.Double(key, fallback);
        if (value > 0 && value <= max) return value;
        options.AddError(key, $"must be greater than 0 and at most {max}, got {value}");
        return fallback;
    }
}
