namespace ModelOpt.Search.Searchers.Tpe;

/// <summary>
/// The ranked trials cut into a "good" group (the best ceil(gamma·n), capped) and a "bad" one, each with
/// per-trial weights that, optionally, fade the oldest trials of a large group.
/// </summary>
internal sealed class TpeSplit
{
    private const int FullWeightTrials = 25;

    private TpeSplit(TpeTrial[] good, double[] goodWeights, TpeTrial[] bad, double[] badWeights)
    {
        Good = good;
        GoodWeights = goodWeights;
        Bad = bad;
        BadWeights = badWeights;
    }

    public TpeTrial[] Good { get; }
    public double[] GoodWeights { get; }
    public TpeTrial[] Bad { get; }
    public double[] BadWeights { get; }

    /// <param name="ranked">Finished trials (and, with a constant liar, running ones), best first.</param>
    public static TpeSplit From(List<TpeTrial> ranked, TpeOptions options)
    {
        var goodCount = options.GoodCount(ranked.Count);
        var good = ranked.GetRange(0, goodCount).ToArray();
        var bad = ranked.GetRange(goodCount, ranked.Count - goodCount).ToArray();
        return new TpeSplit(good, Weights(good, options), bad, Weights(bad, options));
    }

    /// <summary>Weight 1 for the newest 25 trials of the group; older ones ramp linearly from 1/n up, by suggestion order.</summary>
    private static double[] Weights(TpeTrial[] group, TpeOptions options)
    {
        var n = group.Length;
        var weights = new double[n];
        Array.Fill(weights, 1.0);
        if (!options.DiscountOldTrials || n <= FullWeightTrials) return weights;
        var orders = new long[n];
        var index = new int[n];
        for (var i = 0; i < n; i++) { orders[i] = group[i].Order; index[i] = i; }
        Array.Sort(orders, index);
        var ramped = n - FullWeightTrials;
        for (var r = 0; r < ramped; r++)
            weights[index[r]] = ramped == 1 ? 1.0 / n : 1.0 / n + (1 - 1.0 / n) * r / (ramped - 1);
        return weights;
    }
}
