using ModelOpt.Search.Schedulers.Asha;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Schedulers.Median;

/// <summary>
/// Median stopping rule (Golovin et al., 2017): after <c>gracePeriod</c> epochs, stop a trial whose best value so far
/// is worse than the median of the other trials' running averages at the same epoch, once at least
/// <c>minSamples</c> other trials have reached it.
/// </summary>
public sealed class MedianStoppingScheduler : ITrialScheduler
{
    private readonly Objective _objective;
    private readonly int _grace;
    private readonly int _minSamples;
    private readonly Dictionary<string, SortedDictionary<int, double>> _curves = new(StringComparer.Ordinal);

    public MedianStoppingScheduler(SchedulerContext context)
    {
        var o = context.Options;
        _objective = context.Objective;
        _grace = o.Int("gracePeriod", 1, min: 0);
        _minSamples = o.Int("minSamples", 3, min: 1);
        o.RejectUnknown();
    }

    public void OnTrialStart(string trialId, Config config) { }

    public SchedulerDecision OnReport(string trialId, TrialReport report)
    {
        if (!_curves.TryGetValue(trialId, out var curve)) _curves[trialId] = curve = new SortedDictionary<int, double>();
        curve[report.Epoch] = report.Objective;
        if (report.Epoch < _grace) return SchedulerDecision.Continue();

        var averages = _curves
            .Where(kv => kv.Key != trialId && kv.Value.Keys.Any(e => e >= report.Epoch))
            .Select(kv => kv.Value.Where(p => p.Key <= report.Epoch).Select(p => p.Value).DefaultIfEmpty(double.NaN).Average())
            .Where(v => !double.IsNaN(v))
            .OrderBy(v => v)
            .ToList();
        if (averages.Count < _minSamples) return SchedulerDecision.Continue();

        var median = averages.Count % 2 == 1 ? averages[averages.Count / 2] : (averages[averages.Count / 2 - 1] + averages[averages.Count / 2]) / 2;
        var best = _objective.Mode == ObjectiveMode.Max ? curve.Values.Max() : curve.Values.Min();
        return _objective.IsBetter(median, best)
            ? SchedulerDecision.Stop($"best {AshaBracket.F(best)} worse than median {AshaBracket.F(median)} of {averages.Count} trials' running averages at epoch {report.Epoch}")
            : SchedulerDecision.Continue();
    }

    public void OnTrialEnd(string trialId, Searchers.TrialStatus status) { }
}
