using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Reports;

/// <summary>One trial's objective per epoch; <see cref="IsCut"/> when a scheduler stopped it or it failed before its last epoch.</summary>
public sealed record CurveSeries(string TrialId, TrialStatus Phase, IReadOnlyList<double> Epochs, IReadOnlyList<double> Values, bool IsBest)
{
    public bool IsCut => Phase is TrialStatus.Stopped or TrialStatus.Failed;
}

/// <summary>The learning curves of every trial that reported the objective at least once.</summary>
public static class LearningCurves
{
    public static IReadOnlyList<CurveSeries> Of(SearchInfo search) =>
    [
        .. search.Trials.Select(trial =>
        {
            var points = trial.Curve.Where(r => r.Metrics.ContainsKey(search.Metric)).ToList();
            return new CurveSeries(trial.TrialId, trial.Status, [.. points.Select(r => (double)r.Epoch)], [.. points.Select(r => r.Metrics[search.Metric])],
                trial.TrialId == search.BestTrialId);
        }).Where(c => c.Values.Count > 0),
    ];
}
