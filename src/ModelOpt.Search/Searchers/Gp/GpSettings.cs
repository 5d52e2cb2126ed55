namespace ModelOpt.Search.Searchers.Gp;

internal enum PendingStrategy { Believer, Liar, Ignore, Tempered, Gated }

/// <summary>The <c>gp</c> searcher's options.</summary>
internal sealed record GpSettings(int StartupTrials, int Candidates, int LocalSearchSteps, double Xi, PendingStrategy Pending, int MaxObservations, bool Additive, int DiscreteCombinations, int CombinationSearchSteps, bool TrustRegions)
{
    public static GpSettings Read(AlgorithmOptions options)
    {
        var settings = new GpSettings(
            StartupTrials: options.Int("nStartupTrials", 10, min: 2),
            Candidates: options.Int("nCandidates", 500, min: 1, max: 100_000),
            LocalSearchSteps: options.Int("localSearchSteps", 20, min: 0, max: 10_000),
            Xi: options.Double("xi", 0.01, min: 0),
            Pending: options.String("pendingStrategy", "gated", "believer", "liar", "ignore", "tempered", "gated") switch
            {
                "liar" => PendingStrategy.Liar,
                "ignore" => PendingStrategy.Ignore,
                "tempered" => PendingStrategy.Tempered,
                "believer" => PendingStrategy.Believer,
                _ => PendingStrategy.Gated,
            },
            MaxObservations: options.Int("maxObservations", 400, min: 10, max: 5000),
            Additive: options.Bool("additive", true),
            DiscreteCombinations: options.Int("discreteCombinations", 64, min: 0, max: 1024),
            CombinationSearchSteps: options.Int("combinationSearchSteps", 60, min: 0, max: 10_000),
            TrustRegions: options.Bool("trustRegions", true));
        options.RejectUnknown();
        return settings;
    }
}
