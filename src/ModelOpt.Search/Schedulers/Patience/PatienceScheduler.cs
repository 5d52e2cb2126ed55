using ModelOpt.Search.Schedulers.Asha;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Schedulers.Patience;

/// <summary>
/// Per-trial early stopping: stop a trial once its watched metric has not improved by more than <c>minDelta</c> for
/// <c>patience</c> epochs. <c>metric</c> (default the objective) may name any reported metric, e.g. <c>val_loss</c>,
/// with its own <c>mode</c>. Used alone (<c>scheduler: {type: patience}</c>) or beside another scheduler through its
/// <c>earlyStopping</c> block.
/// </summary>
public sealed class PatienceScheduler : ITrialScheduler
{
    private readonly int _patience;
    private readonly double _minDelta;
    private readonly string? _metric;
    private readonly Objective _watched;
    private readonly string _objectiveMetric;
    private readonly Dictionary<string, (double Best, int BestEpoch)> _best = new(StringComparer.Ordinal);

    public PatienceScheduler(SchedulerContext context) : this(context.Objective, context.Options) { }

    public PatienceScheduler(Objective objective, AlgorithmOptions o)
    {
        _objectiveMetric = objective.Metric;
        _patience = o.Int("patience", 3, min: 1);
        _minDelta = o.Double("minDelta", 0, min: 0);
        _metric = o.OptionalString("metric");
        var mode = o.String("mode", objective.Mode == ObjectiveMode.Max ? "max" : "min", "min", "max");
        if (_metric is not null && !o.Has("mode") && _metric != objective.Metric)
            o.AddError("mode", $"required when metric '{_metric}' is not the objective");
        o.RejectUnknown();
        _watched = new Objective(_metric ?? objective.Metric, mode == "max" ? ObjectiveMode.Max : ObjectiveMode.Min);
    }

    public void OnTrialStart(string trialId, Config config) { }

    public SchedulerDecision OnReport(string trialId, TrialReport report)
    {
        double value;
        if (_metric is not null && report.Metrics.TryGetValue(_metric, out var metric)) value = metric;
        else if (_metric is null || _metric == _objectiveMetric) value = report.Objective;
        else return SchedulerDecision.Continue();

        var improved = !_best.TryGetValue(trialId, out var best)
            || (_watched.Mode == ObjectiveMode.Max ? value > best.Best + _minDelta : value < best.Best - _minDelta);
        if (improved)
        {
            _best[trialId] = (value, report.Epoch);
            return SchedulerDecision.Continue();
        }
        var stale = report.Epoch - best.BestEpoch;
        return stale >= _patience
            ? SchedulerDecision.Stop($"no improvement of {_watched.Metric} by more than {AshaBracket.F(_minDelta)} for {stale} epochs (best {AshaBracket.F(best.Best)} at epoch {best.BestEpoch})")
            : SchedulerDecision.Continue();
    }

    public void OnTrialEnd(string trialId, Searchers.TrialStatus status) => _best.Remove(trialId);
}
