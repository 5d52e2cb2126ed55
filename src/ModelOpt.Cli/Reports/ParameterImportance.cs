using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Reports;

/// <summary>How strongly one parameter goes with the objective, from 0 (not at all) to 1, over the trials that set it.</summary>
public sealed record ParameterEffect(string Name, bool IsNumeric, double Importance, int Trials);

/// <summary>
/// A cheap, model-free importance over the completed trials: |Spearman rank correlation| for numeric parameters,
/// the correlation ratio η for categorical ones. It shows which knobs moved the objective in this search; it is no
/// substitute for fANOVA on a few trials.
/// </summary>
public static class ParameterImportance
{
    private const int MinTrials = 5;

    /// <summary>The parameters set by at least five completed trials (fewer say nothing), most important first.</summary>
    public static IReadOnlyList<ParameterEffect> Of(SearchInfo search)
    {
        var trials = search.Trials.Where(t => t.Status == TrialStatus.Completed && t.Objective is not null).ToList();
        var names = trials.SelectMany(t => t.Config.Keys).Distinct(StringComparer.Ordinal);
        var effects = new List<ParameterEffect>();
        foreach (var name in names)
        {
            var pairs = trials.Where(t => t.Config.ContainsKey(name)).Select(t => (Value: t.Config[name], Objective: t.Objective!.Value)).ToList();
            if (pairs.Count < MinTrials) continue;
            var numeric = pairs.All(p => p.Value.IsNumeric);
            var importance = numeric
                ? Math.Abs(Spearman([.. pairs.Select(p => p.Value.AsDouble())], [.. pairs.Select(p => p.Objective)]))
                : CorrelationRatio(pairs);
            effects.Add(new ParameterEffect(name, numeric, double.IsFinite(importance) ? importance : 0, pairs.Count));
        }
        return [.. effects.OrderByDescending(e => e.Importance).ThenBy(e => e.Name, StringComparer.Ordinal)];
    }

    private static double Spearman(double[] xs, double[] ys) => Pearson(Ranks(xs), Ranks(ys));

    /// <summary>Ranks with ties averaged.</summary>
    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            for (var k = start; k <= end; k++) ranks[order[k]] = (start + end) / 2.0;
            start = end + 1;
        }
        return ranks;
    }

    private static double Pearson(double[] xs, double[] ys)
    {
        double mx = xs.Average(), my = ys.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            sxy += (xs[i] - mx) * (ys[i] - my);
            sxx += (xs[i] - mx) * (xs[i] - mx);
            syy += (ys[i] - my) * (ys[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>η = sqrt(between-group / total sum of squares) of the objective grouped by the parameter's value.</summary>
    private static double CorrelationRatio(List<(ConfigValue Value, double Objective)> pairs)
    {
        var mean = pairs.Average(p => p.Objective);
        var total = pairs.Sum(p => (p.Objective - mean) * (p.Objective - mean));
        if (total == 0) return 0;
        var between = pairs.GroupBy(p => p.Value).Sum(g => g.Count() * Math.Pow(g.Average(p => p.Objective) - mean, 2));
        return Math.Sqrt(between / total);
    }
}
