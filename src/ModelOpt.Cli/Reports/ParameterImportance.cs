using ModelOpt.Client.Models;
using ModelOpt.Cluster.Searches;
using ModelOpt.Search.Importance;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Cli.Reports;

/// <summary>
/// One parameter's importance (<see cref="Search.Importance.ParameterImportance"/>: its share of the objective's
/// variance by fANOVA, normalized over the parameters), whether it is a number, and whether its axis is logarithmic.
/// </summary>
public sealed record ParameterEffect(string Name, bool IsNumeric, bool Log, double Importance, double VarianceShare, int Trials);

/// <summary>
/// Parameter importance of a search by functional ANOVA over a random forest of its completed trials (the same measure
/// as the dashboard's), in the spec's space when it is at hand (log parameters analysed and drawn on log axes), else in
/// the space the configurations span.
/// </summary>
public static class ParameterImportance
{
    /// <summary>Most important first; empty with fewer than <see cref="ImportanceAnalysis.MinPoints"/> completed trials.</summary>
    public static IReadOnlyList<ParameterEffect> Of(SearchInfo search, SearchSpace? space = null)
    {
        var completed = search.Trials.Where(t => t.Status == TrialStatus.Completed && t.Objective is not null)
            .Select(t => (Config: SearchViews.Config(t.Config), Value: t.Objective!.Value)).ToList();
        space ??= ObservedSpace.Of(completed.Select(p => p.Config));
        if (ImportanceAnalysis.Of(space, completed) is not { } analysis) return [];
        return
        [
            .. analysis.Parameters.Select(p =>
            {
                var domain = space[p.Name].Domain;
                return new ParameterEffect(p.Name, domain is FloatDomain or IntDomain, domain is FloatDomain { Log: true } or IntDomain { Log: true },
                    p.Importance, p.VarianceShare, completed.Count(c => c.Config.ContainsKey(p.Name)));
            }),
        ];
    }
}
