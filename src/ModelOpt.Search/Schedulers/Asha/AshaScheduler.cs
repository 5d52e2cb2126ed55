using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Schedulers.Asha;

/// <summary>
/// Asynchronous successive halving (Li et al., 2020) on epochs. Options: <c>gracePeriod</c> (epochs before the first
/// cut, default <see cref="DefaultGrace"/>), <c>reductionFactor</c> (keep the top 1/rf at each rung, default
/// <see cref="DefaultReductionFactor"/>), <c>maxResource</c> (default the budget's max epochs per trial), <c>recheck</c>
/// (default true: a pass is provisional until the next rung, see <see cref="AshaBracket"/>).
/// </summary>
/// <remarks>
/// The defaults keep the winners: the first cut comes at about a ninth of the max resource, not after one epoch,
/// because the earliest epochs rank by speed of learning rather than by where a trial ends (a small learning rate
/// starts slowly and finishes highest); halving rungs (rf 2) then cut often but gently, and the recheck takes back the
/// passes a young rung handed out too easily. In <c>scheduler-efficiency</c> (docs/benchmarks.md) that reaches
/// FIFO's best in most seeds with under a third of its epochs, where grace 1 and rf 3 lost it in nearly all.
/// </remarks>
public sealed class AshaScheduler : ITrialScheduler
{
    public AshaScheduler(SchedulerContext context)
    {
        var o = context.Options;
        var maxResource = o.Int("maxResource", context.MaxEpochs, min: 1);
        var grace = o.Int("gracePeriod", DefaultGrace(maxResource), min: 1);
        var rf = o.Double("reductionFactor", DefaultReductionFactor, min: 1.01, max: 100);
        var recheck = o.Bool("recheck", true);
        o.RejectUnknown();
        if (grace >= maxResource && o.Errors.Count == 0)
            o.AddError("gracePeriod", $"must be below the max resource ({maxResource} epochs), or nothing is ever cut");
        Bracket = new AshaBracket(context.Objective, grace, rf, maxResource, recheck: recheck);
    }

    public const double DefaultReductionFactor = 2;

    /// <summary>About a ninth of the max resource, at least 1 epoch: 3 for 27 epochs, 1 for up to 13.</summary>
    public static int DefaultGrace(int maxResource) => Math.Max(1, (int)Math.Round(maxResource / 9.0));

    public AshaBracket Bracket { get; }

    public void OnTrialStart(string trialId, Config config) { }

    public SchedulerDecision OnReport(string trialId, TrialReport report) => Bracket.OnReport(trialId, report);

    public void OnTrialEnd(string trialId, Searchers.TrialStatus status) { }
}
