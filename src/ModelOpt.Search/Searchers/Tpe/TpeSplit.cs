namespace ModelOpt.Search.Searchers.Tpe;

/// <summary>
/// The ranked trials cut into a "good" group (the best ceil(gamma·n), capped) and a "bad" one, with a weight per
/// trial that, optionally, fades the oldest trials of a large group. Membership and weights are indexed by
/// suggestion order.
/// </summary>
internal sealed class TpeSplit
{
    public const sbyte Good = 0, Bad = 1, Neither = -1;
    private const int FullWeightTrials = 25;

    private TpeSplit(TpeTrial[] goodTrials, TpeTrial[] badTrials, sbyte[] groupOf, double[] weightOf)
    {
        GoodTrials = goodTrials;
        BadTrials = badTrials;
        GroupOf = groupOf;
        WeightOf = weightOf;
    }

    public TpeTrial[] GoodTrials { get; }
    public TpeTrial[] BadTrials { get; }

    /// <summary><see cref="Good"/>, <see cref="Bad"/> or <see cref="Neither"/>, by suggestion order.</summary>
    public sbyte[] GroupOf { get; }

    public double[] WeightOf { get; }

    /// <param name="ranked">Finished trials, best first.</param>
    /// <param name="running">Running trials that join the bad group (the constant liar), together weighing
    /// <see cref="TpeOptions.LiarWeight"/>: at full weight each, q − 1 of them crowd the bad estimator around the
    /// newest good region and push the batch away from it (docs/benchmarks.md, issue 16, 7c.).</param>
    /// <param name="trialCount">How many trials were suggested in all.</param>
    public static TpeSplit From(List<TpeTrial> ranked, List<TpeTrial> running, int trialCount, TpeOptions options)
    {
        var (good, bad, groupOf, weightOf) = Cut(ranked, trialCount, options);
        foreach (var trial in running)
        {
            groupOf[trial.Order] = Bad;
            weightOf[trial.Order] = options.LiarWeight / running.Count;
        }
        return new TpeSplit(good, [.. bad, .. running], groupOf, weightOf);
    }

    /// <param name="ranked">Finished trials, best first.</param>
    /// <param name="running">Running trials, each ranked among the completed ones by its believed loss (after those
    /// with an equal loss) and cut into the good or the bad group with them, together weighing
    /// <see cref="TpeOptions.LiarWeight"/>; the cut counts them too.</param>
    /// <param name="believed">Each running trial's believed loss, by position in <paramref name="running"/>.</param>
    /// <param name="trialCount">How many trials were suggested in all.</param>
    public static TpeSplit Believed(List<TpeTrial> ranked, List<TpeTrial> running, double[] believed, int trialCount, TpeOptions options)
    {
        var byBelief = Enumerable.Range(0, running.Count)
            .OrderBy(i => believed[i]).ThenBy(i => running[i].Order).ToArray();
        var merged = new List<TpeTrial>(ranked.Count + running.Count);
        var next = 0;
        foreach (var trial in ranked)
        {
            // Completed trials lead the ranking by loss; a running trial goes before the first that is worse than its
            // belief, or before the stopped ones.
            while (next < byBelief.Length && (trial.Status != TrialStatus.Completed || trial.Loss > believed[byBelief[next]]))
                merged.Add(running[byBelief[next++]]);
            merged.Add(trial);
        }
        while (next < byBelief.Length) merged.Add(running[byBelief[next++]]);

        var (good, bad, groupOf, weightOf) = Cut(merged, trialCount, options);
        foreach (var trial in running) weightOf[trial.Order] = options.LiarWeight / running.Count;
        return new TpeSplit(good, bad, groupOf, weightOf);
    }

    /// <summary>The best ceil(gamma·n) of <paramref name="ranked"/> as good, the rest as bad, each with its group and weight by suggestion order.</summary>
    private static (TpeTrial[] Good, TpeTrial[] Bad, sbyte[] GroupOf, double[] WeightOf) Cut(List<TpeTrial> ranked, int trialCount, TpeOptions options)
    {
        var goodCount = options.GoodCount(ranked.Count);
        var good = ranked.GetRange(0, goodCount).ToArray();
        var bad = ranked.GetRange(goodCount, ranked.Count - goodCount).ToArray();
        var groupOf = new sbyte[trialCount];
        Array.Fill(groupOf, Neither);
        var weightOf = new double[trialCount];
        Assign(good, Good, groupOf, weightOf, options);
        Assign(bad, Bad, groupOf, weightOf, options);
        return (good, bad, groupOf, weightOf);
    }

    /// <summary>Weight 1 for the newest 25 trials of the group; older ones ramp linearly from 1/n up, by suggestion order.</summary>
    private static void Assign(TpeTrial[] group, sbyte label, sbyte[] groupOf, double[] weightOf, TpeOptions options)
    {
        var n = group.Length;
        var orders = new int[n];
        for (var i = 0; i < n; i++)
        {
            orders[i] = group[i].Order;
            groupOf[orders[i]] = label;
            weightOf[orders[i]] = 1.0;
        }
        if (!options.DiscountOldTrials || n <= FullWeightTrials) return;
        Array.Sort(orders);
        var ramped = n - FullWeightTrials;
        for (var r = 0; r < ramped; r++)
            weightOf[orders[r]] = ramped == 1 ? 1.0 / n : 1.0 / n + (1 - 1.0 / n) * r / (ramped - 1);
    }
}
