namespace ModelOpt.Search.Searchers.Bohb;

/// <summary>The <c>bohb</c> searcher's options.</summary>
internal sealed record BohbSettings(
    IReadOnlyList<int> Budgets, int MinPointsInModel, double TopNPercent, int NumSamples,
    double RandomFraction, double BandwidthFactor, double MinBandwidth)
{
    /// <param name="dimensions">Non-constant parameters; <c>minPointsInModel</c> defaults to one more.</param>
    public static BohbSettings Read(AlgorithmOptions options, int maxEpochs, int dimensions)
    {
        var eta = options.Double("eta", 3, min: 1.01);
        var budgets = options.Has("budgets") ? ReadBudgets(options) : DeriveBudgets(maxEpochs, eta);
        if (options.Has("budgets") && options.Has("eta")) options.AddError("eta", "only applies when budgets are derived; remove it or remove budgets");
        var settings = new BohbSettings(
            budgets,
            MinPointsInModel: options.Int("minPointsInModel", dimensions + 1, min: 1),
            TopNPercent: options.Double("topNPercent", 15, min: 1, max: 99),
            NumSamples: options.Int("numSamples", 64, min: 1, max: 100_000),
            RandomFraction: options.Double("randomFraction", 1.0 / 3, min: 0, max: 1),
            BandwidthFactor: options.Double("bandwidthFactor", 3, min: 1e-3),
            MinBandwidth: options.Double("minBandwidth", 1e-3, min: 1e-9, max: 1));
        options.RejectUnknown();
        return settings;
    }

    /// <summary>Hyperband rungs below <paramref name="maxEpochs"/>: max, max/η, max/η², … down to 1, rounded.</summary>
    public static IReadOnlyList<int> DeriveBudgets(int maxEpochs, double eta)
    {
        var budgets = new SortedSet<int>();
        for (var b = (double)Math.Max(maxEpochs, 1); b >= 1; b /= eta) budgets.Add((int)Math.Round(b));
        return budgets.ToList();
    }

    private static IReadOnlyList<int> ReadBudgets(AlgorithmOptions options)
    {
        var raw = options.List("budgets");
        if (raw is null) return [1];
        if (raw.Count == 0) options.AddError("budgets", "must list at least one budget");
        var budgets = new SortedSet<int>();
        for (var i = 0; i < raw.Count; i++)
        {
            if (raw[i] is (int or long) && Convert.ToInt64(raw[i]) is >= 1 and <= int.MaxValue)
                budgets.Add(Convert.ToInt32(raw[i]));
            else
                options.AddError($"budgets[{i}]", $"must be an integer number of epochs ≥ 1, got '{raw[i]}'");
        }
        return budgets.Count == 0 ? [1] : budgets.ToList();
    }
}
