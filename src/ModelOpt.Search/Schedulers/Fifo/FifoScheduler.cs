using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Schedulers.Fifo;

/// <summary>Runs every trial to its full budget.</summary>
public sealed class FifoScheduler : ITrialScheduler
{
    public FifoScheduler(SchedulerContext context) => context.Options.RejectUnknown();

    public void OnTrialStart(string trialId, Config config) { }

    public SchedulerDecision OnReport(string trialId, TrialReport report) => SchedulerDecision.Continue();

    public void OnTrialEnd(string trialId, Searchers.TrialStatus status) { }
}
