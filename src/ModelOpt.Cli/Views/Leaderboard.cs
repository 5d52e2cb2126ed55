using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Views;

/// <summary>The completed trials ranked by the objective, best first (the search's own notion of best).</summary>
public static class Leaderboard
{
    public static IReadOnlyList<TrialInfo> Of(SearchInfo search)
    {
        var completed = search.Trials.Where(t => t.Status == TrialStatus.Completed && t.Objective is not null);
        return search.Mode == ObjectiveMode.Max
            ? [.. completed.OrderByDescending(t => t.Objective).ThenBy(t => t.TrialId, StringComparer.Ordinal)]
            : [.. completed.OrderBy(t => t.Objective).ThenBy(t => t.TrialId, StringComparer.Ordinal)];
    }
}
