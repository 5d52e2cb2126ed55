using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Schedulers.Asha;

/// <summary>
/// Asynchronous successive halving (Li et al., 2020) on epochs. Options: <c>gracePeriod</c> (epochs before the first
/// cut, default 1), <c>reductionFactor</c> (keep the top 1/rf at each rung, default 3), <c>maxResource</c> (default the
/// budget's max epochs per trial).
/// </summary>
public sealed class AshaScheduler : ITrialScheduler
{
    public AshaScheduler(SchedulerContext context)
    {
        var o = context.Options;
        var maxResource = o.Int("maxResource", context.MaxEpochs, min: 1);
        var grace = o.Int("gracePeriod", 1, min: 1);
        var rf = o.Double("reductionFactor", 3, min: 1.01, max: 100);
        o.RejectUnknown();
        if (grace >= maxResource && o.Errors.Count == 0)
            o.AddError("gracePeriod", $"must be below the max resource ({maxResource} epochs), or nothing is ever cut");
        Bracket = new AshaBracket(context.Objective, grace, rf, maxResource);
    }

    public AshaBracket Bracket { get; }

    public void OnTrialStart(string trialId, Config config) { }

    public SchedulerDecision OnReport(string trialId, TrialReport report) => Bracket.OnReport(trialId, report);

    public void OnTrialEnd(string trialId, Searchers.TrialStatus status) { }
}
