using ModelOpt.Search;
using ModelOpt.Search.Schedulers;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Cluster.Tests.Support;

/// <summary>A test scheduler: stops every odd-numbered trial at its first report, so tests can count stops exactly.</summary>
public sealed class StopOddTrialsScheduler : ITrialScheduler
{
    public const string Name = "test-stop-odd";

    public static SearchCatalog AddTo(SearchCatalog catalog) => catalog.WithScheduler(Name, _ => new StopOddTrialsScheduler());

    public void OnTrialStart(string trialId, Config config) { }

    public SchedulerDecision OnReport(string trialId, TrialReport report) =>
        int.Parse(trialId[1..]) % 2 == 1 ? SchedulerDecision.Stop($"odd trial stopped at epoch {report.Epoch}") : SchedulerDecision.Continue();

    public void OnTrialEnd(string trialId, TrialStatus status) { }
}
