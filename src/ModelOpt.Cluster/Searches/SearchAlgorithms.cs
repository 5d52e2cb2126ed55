using ModelOpt.Search;
using ModelOpt.Search.Schedulers;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Specs;

namespace ModelOpt.Cluster.Searches;

/// <summary>
/// The search's searcher and scheduler, rebuilt from the spec and seed, which must see exactly one call per journaled
/// event, in journal order, to stay deterministic. A suggestion is asked while deciding (once, however often the
/// decision asks) and accepted when its event is applied; replaying the journal only accepts, so recovery never asks the
/// searcher to suggest again. The scheduler's decision on a report is likewise asked once while deciding and reused when
/// the event is applied (on replay it is asked then, a cheap call). Every call that moves them forward is logged, so a
/// snapshot can rebuild them by making the same calls again (<see cref="Replay"/>).
/// </summary>
public sealed class SearchAlgorithms
{
    private readonly ISearcher _searcher;
    private readonly ITrialScheduler _scheduler;
    private readonly Dictionary<string, Config?> _suggestions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string TrialId, int Epoch), SchedulerDecision> _decisions = new();
    private readonly List<AlgorithmCall> _calls = [];

    /// <param name="catalog">Builds the spec's searcher and scheduler.</param>
    public SearchAlgorithms(SearchSpec spec, SearchCatalog catalog)
    {
        var maxEpochs = spec.Budget.MaxEpochsPerTrial;
        _searcher = catalog.Searchers.Create(spec.Searcher.Type,
            new SearcherContext(spec.Space, spec.Objective, spec.Seed, spec.Searcher.ToOptions("searcher"), maxEpochs, spec.Budget.MaxTrials, spec.Budget.MaxConcurrent));
        _scheduler = catalog.Schedulers.Create(spec.Scheduler.Type,
            new SchedulerContext(spec.Space, spec.Objective, DeterministicRandom.Derive(spec.Seed, "scheduler").NextUInt64(), spec.Scheduler.ToOptions("scheduler"), maxEpochs));
    }

    /// <summary>The calls fed so far, in order.</summary>
    public IReadOnlyList<AlgorithmCall> Calls => _calls;

    /// <summary>Algorithms in the state that <paramref name="calls"/> (another instance's <see cref="Calls"/>) left them in.</summary>
    public static SearchAlgorithms Replay(SearchSpec spec, SearchCatalog catalog, IEnumerable<AlgorithmCall> calls)
    {
        var algorithms = new SearchAlgorithms(spec, catalog);
        foreach (var call in calls)
        {
            if (call.Suggested is { } config) algorithms.TakeSuggestion(call.TrialId, config);
            else if (call.Report is { } report) algorithms.TakeReport(call.TrialId, report.ToReport());
            else if (call.Outcome is { } outcome) algorithms.TrialEnded(call.TrialId, outcome);
        }
        return algorithms;
    }

    /// <summary>The searcher's proposal for <paramref name="trialId"/>, asked once however often this is called.</summary>
    public Config? Suggest(string trialId)
    {
        if (!_suggestions.TryGetValue(trialId, out var config))
        {
            config = _searcher.Suggest(trialId);
            _suggestions[trialId] = config;
        }
        return config;
    }

    /// <summary>The trial runs <paramref name="config"/> (just suggested, or read back from the journal): the searcher accepts it.</summary>
    public void TakeSuggestion(string trialId, Config config)
    {
        _suggestions.Remove(trialId);
        _searcher.Accept(trialId, config);
        _scheduler.OnTrialStart(trialId, config);
        _calls.Add(new AlgorithmCall(trialId, Suggested: config));
    }

    /// <summary>The scheduler's decision on a report, asked once however often this is called.</summary>
    public SchedulerDecision Decide(string trialId, TrialReport report)
    {
        if (!_decisions.TryGetValue((trialId, report.Epoch), out var decision))
        {
            decision = _scheduler.OnReport(trialId, report);
            _decisions[(trialId, report.Epoch)] = decision;
        }
        return decision;
    }

    public void TakeReport(string trialId, TrialReport report)
    {
        Decide(trialId, report);
        _decisions.Remove((trialId, report.Epoch));
        _searcher.OnReport(trialId, report.Epoch, report.Objective);
        _calls.Add(new AlgorithmCall(trialId, Report: AlgorithmCall.EpochResult.Of(report)));
    }

    public void TrialEnded(string trialId, TrialOutcome outcome)
    {
        _scheduler.OnTrialEnd(trialId, outcome.Status);
        _searcher.OnComplete(trialId, outcome);
        _calls.Add(new AlgorithmCall(trialId, Outcome: outcome));
    }
}
