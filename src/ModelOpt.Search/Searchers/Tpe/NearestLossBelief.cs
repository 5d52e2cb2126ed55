namespace ModelOpt.Search.Searchers.Tpe;

/// <summary>
/// What TPE believes a running trial will score: the mean loss of the <see cref="Neighbours"/> completed trials
/// nearest to it in the encoded space (categorical values count 1 when they differ; parameters inactive in either
/// trial are left out). Three neighbours: one (a copy of the nearest loss) and five or ten lost more in flight
/// (docs/benchmarks.md, issue 16, 7i.).
/// </summary>
internal static class NearestLossBelief
{
    public const int Neighbours = 3;

    /// <param name="ranked">Finished trials, best first; only completed ones with a finite loss are neighbours.</param>
    /// <returns>The believed loss, or +∞ when no trial has completed with a finite loss.</returns>
    public static double Of(TpeTrial running, List<TpeTrial> ranked, TpeDimension?[] dimensions)
    {
        // The k nearest so far, nearest first; ties go to the earlier suggestion, so the belief does not depend on
        // the order results arrived in.
        Span<double> distance = stackalloc double[Neighbours];
        Span<int> order = stackalloc int[Neighbours];
        Span<double> loss = stackalloc double[Neighbours];
        var found = 0;
        foreach (var trial in ranked)
        {
            if (trial.Status != TrialStatus.Completed || !double.IsFinite(trial.Loss)) continue;
            var d = SquaredDistance(running, trial, dimensions);
            var at = found;
            while (at > 0 && (d < distance[at - 1] || (d == distance[at - 1] && trial.Order < order[at - 1]))) at--;
            if (at >= Neighbours) continue;
            for (var i = Math.Min(found, Neighbours - 1); i > at; i--)
            {
                distance[i] = distance[i - 1];
                order[i] = order[i - 1];
                loss[i] = loss[i - 1];
            }
            distance[at] = d;
            order[at] = trial.Order;
            loss[at] = trial.Loss;
            if (found < Neighbours) found++;
        }
        if (found == 0) return double.PositiveInfinity;
        var sum = 0.0;
        for (var i = 0; i < found; i++) sum += loss[i];
        return sum / found;
    }

    private static double SquaredDistance(TpeTrial a, TpeTrial b, TpeDimension?[] dimensions)
    {
        var sum = 0.0;
        for (var j = 0; j < dimensions.Length; j++)
        {
            if (dimensions[j] is not { } dimension || double.IsNaN(a.Encoded[j]) || double.IsNaN(b.Encoded[j])) continue;
            var difference = dimension.IsCategorical ? (a.Encoded[j] == b.Encoded[j] ? 0 : 1) : a.Encoded[j] - b.Encoded[j];
            sum += difference * difference;
        }
        return sum;
    }
}
