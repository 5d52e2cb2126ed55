using ModelOpt.Search.Searchers.Gp;
using ModelOpt.Search.Searchers.Tpe;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Auto;

/// <summary>
/// <c>searcher: auto</c>, the default: picks GP-BO or multivariate TPE for the space and budget (<see cref="AutoPlan"/>)
/// and says which and why (<see cref="Plan"/>). Both searchers accept every trial and see every result, so the hand-over
/// from GP-BO to TPE on a large budget loses nothing, and which one suggests a trial depends only on its number: the
/// choice replays exactly. Parallel trials are handled by each searcher's own rule (GP-BO's kriging believer, TPE's
/// constant liar).
/// </summary>
public sealed class AutoSearcher : ISearcher
{
    private readonly ISearcher _gp;
    private readonly ISearcher _tpe;
    private readonly HashSet<string> _accepted = new(StringComparer.Ordinal);

    public AutoSearcher(SearcherContext context)
    {
        Plan = AutoPlan.Read(context);
        _gp = new GpSearcher(Inner(context, new() { ["nStartupTrials"] = (long)Math.Max(Plan.StartupTrials, 2) }));
        _tpe = new TpeSearcher(Inner(context, new() { ["nStartupTrials"] = (long)Plan.StartupTrials, ["multivariate"] = true, ["constantLiar"] = true }));
    }

    public AutoPlan Plan { get; }

    public Config? Suggest(string trialId) =>
        (Plan.ModelFor(_accepted.Count + 1) == AutoModel.Gp ? _gp : _tpe).Suggest(trialId);

    public void Accept(string trialId, Config config)
    {
        if (!_accepted.Add(trialId)) return;
        _gp.Accept(trialId, config);
        _tpe.Accept(trialId, config);
    }

    public void OnReport(string trialId, int epoch, double objective)
    {
        _gp.OnReport(trialId, epoch, objective);
        _tpe.OnReport(trialId, epoch, objective);
    }

    public void OnComplete(string trialId, TrialOutcome outcome)
    {
        _gp.OnComplete(trialId, outcome);
        _tpe.OnComplete(trialId, outcome);
    }

    private static SearcherContext Inner(SearcherContext context, Dictionary<string, object?> options) =>
        context with { Options = new AlgorithmOptions("searcher", options) };
}
