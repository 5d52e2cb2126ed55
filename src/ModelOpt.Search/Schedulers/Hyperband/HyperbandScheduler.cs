using ModelOpt.Search.Schedulers.Asha;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Schedulers.Hyperband;

/// <summary>
/// Asynchronous Hyperband: ASHA brackets whose grace periods grow by the reduction factor (the most aggressive
/// bracket first). New trials are spread over brackets in Hyperband's proportions by smooth weighted round-robin, so
/// assignment depends only on the order trials start. Options: <c>gracePeriod</c>, <c>reductionFactor</c>,
/// <c>maxResource</c>, <c>brackets</c> (default: all that fit), <c>recheck</c> (default true, as in <see cref="AshaBracket"/>).
/// </summary>
public sealed class HyperbandScheduler : ITrialScheduler
{
    private readonly List<AshaBracket> _brackets = new();
    private readonly double[] _weights;
    private readonly double[] _credit;
    private readonly Dictionary<string, int> _assignment = new(StringComparer.Ordinal);

    public HyperbandScheduler(SchedulerContext context)
    {
        var o = context.Options;
        var maxResource = o.Int("maxResource", context.MaxEpochs, min: 1);
        var grace = o.Int("gracePeriod", 1, min: 1);
        var rf = o.Double("reductionFactor", 3, min: 1.01, max: 100);
        var fitting = grace < maxResource ? (int)Math.Floor(Math.Log((double)maxResource / grace, rf) + 1e-9) + 1 : 1;
        var count = o.Int("brackets", fitting, min: 1, max: 16);
        var recheck = o.Bool("recheck", true);
        o.RejectUnknown();
        count = Math.Min(count, fitting);
        var sMax = count - 1;
        _weights = new double[count];
        for (var s = 0; s < count; s++)
        {
            var bracketGrace = (int)Math.Round(grace * Math.Pow(rf, s));
            _brackets.Add(new AshaBracket(context.Objective, bracketGrace, rf, maxResource, $"bracket {s}", recheck));
            // Hyperband starts n_s = ceil((sMax+1)/(sMax-s+1) · rf^(sMax-s)) configurations in the bracket with the
            // (sMax-s)-fold halving; the aggressive brackets get many cheap trials.
            _weights[s] = Math.Ceiling((sMax + 1.0) / (sMax - s + 1) * Math.Pow(rf, sMax - s));
        }
        _credit = new double[count];
    }

    public IReadOnlyList<AshaBracket> Brackets => _brackets;

    public int BracketOf(string trialId) => _assignment[trialId];

    public void OnTrialStart(string trialId, Config config)
    {
        if (_assignment.ContainsKey(trialId)) return;
        var total = _weights.Sum();
        var best = 0;
        for (var s = 0; s < _weights.Length; s++)
        {
            _credit[s] += _weights[s];
            if (_credit[s] > _credit[best]) best = s;
        }
        _credit[best] -= total;
        _assignment[trialId] = best;
    }

    public SchedulerDecision OnReport(string trialId, TrialReport report)
    {
        if (!_assignment.ContainsKey(trialId)) OnTrialStart(trialId, Config.Empty);
        return _brackets[_assignment[trialId]].OnReport(trialId, report);
    }

    public void OnTrialEnd(string trialId, Searchers.TrialStatus status) { }
}
