using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Reports;

/// <summary>One trial's objective per epoch, with how the trial ended; <see cref="IsCut"/> when it ended before its last epoch.</summary>
public sealed record CurveSeries(string TrialId, TrialStatus Phase, TrialOutcome Outcome, IReadOnlyList<double> Epochs, IReadOnlyList<double> Values, bool IsBest)
{
    public bool IsCut => Outcome.IsCut;
}

/// <summary>The learning curves of every trial that reported the objective at least once.</summary>
public static class LearningCurves
{
    public static IReadOnlyList<CurveSeries> Of(SearchInfo search) =>
    [
        .. search.Trials.Select(trial =>
        {
            var points = trial.Curve.Where(r => r.Metrics.ContainsKey(search.Metric)).ToList();
            return new CurveSeries(trial.TrialId, trial.Status, TrialOutcome.Of(trial), [.. points.Select(r => (double)r.Epoch)],
                [.. points.Select(r => r.Metrics[search.Metric])], trial.TrialId == search.BestTrialId);
        }).Where(c => c.Values.Count > 0),
    ];

    /// <summary>Whether curves say anything: some trial reported more than one epoch (a one-epoch search's would be dots).</summary>
    public static bool AreInformative(SearchInfo search) => search.MaxEpochsPerTrial > 1 && search.Trials.Any(t => t.Curve.Count > 1);
}
