using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Schedulers;

/// <summary>
/// A scheduler plus per-trial early stopping (<c>earlyStopping</c> in any scheduler's options): the primary decides,
/// and a trial it lets continue is still stopped when the early-stopping rule says so.
/// </summary>
public sealed class CombinedScheduler(ITrialScheduler primary, ITrialScheduler earlyStopping) : ITrialScheduler
{
    public ITrialScheduler Primary { get; } = primary;

    public void OnTrialStart(string trialId, Config config)
    {
        Primary.OnTrialStart(trialId, config);
        earlyStopping.OnTrialStart(trialId, config);
    }

    public SchedulerDecision OnReport(string trialId, TrialReport report)
    {
        var decision = Primary.OnReport(trialId, report);
        // Both always see the report so their bookkeeping stays complete.
        var early = earlyStopping.OnReport(trialId, report);
        return decision.Kind == DecisionKind.Continue && early.Kind == DecisionKind.Stop ? early : decision;
    }

    public void OnTrialEnd(string trialId, Searchers.TrialStatus status)
    {
        Primary.OnTrialEnd(trialId, status);
        earlyStopping.OnTrialEnd(trialId, status);
    }
}
