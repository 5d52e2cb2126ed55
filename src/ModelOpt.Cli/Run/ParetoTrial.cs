using ModelOpt.Cluster.Searches;
using ModelOpt.Search;

namespace ModelOpt.Cli.Run;

/// <summary>A trial on a multi-objective search's Pareto front, with its value of every objective, as the run summary shows it.</summary>
public sealed record ParetoTrial(string Trial, IReadOnlyDictionary<string, double> Objectives, IReadOnlyDictionary<string, object> Config)
{
    public static IReadOnlyList<ParetoTrial> Of(SearchSnapshot search, Objective objective) =>
    [
        .. search.ParetoTrialIds
            .Select(id => search.Trials.First(t => t.Id == id))
            .Select(t => new ParetoTrial(t.Id, Values(t, objective), t.Config.ToDictionary(kv => kv.Key, kv => kv.Value.ToObject()))),
    ];

    /// <summary>Final metrics first, else the last report's (a workload may report some metrics only per epoch).</summary>
    private static Dictionary<string, double> Values(TrialSnapshot trial, Objective objective)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var o in objective.All)
            if (trial.Metrics?.TryGetValue(o.Metric, out var v) == true || (trial.Curve.Count > 0 && trial.Curve[^1].Metrics.TryGetValue(o.Metric, out v)))
                values[o.Metric] = v;
        return values;
    }
}
