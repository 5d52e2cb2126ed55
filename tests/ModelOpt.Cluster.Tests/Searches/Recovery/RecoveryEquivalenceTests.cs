using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Tests.Support;
using ModelOpt.Search;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Spaces;
using Xunit;

namespace ModelOpt.Cluster.Tests.Searches.Recovery;

/// <summary>
/// A search recovered at any point — from its journal, or from a snapshot and the events after it — is the search that
/// never went down: the same trials, and the same decisions and suggestions from then on. Recovery accepts journaled
/// suggestions and never asks the searcher for new ones.
/// </summary>
public sealed class RecoveryEquivalenceTests
{
    private const string CountingSearcher = "test-counting";
    private static int _suggestCalls;

    private static readonly SearchCatalog Catalog = TestCatalog.All.WithSearcher(CountingSearcher, context => new Counting(new RandomSearcher(context)));

    /// <summary>Random search that counts the suggestions it is asked for.</summary>
    private sealed class Counting(ISearcher inner) : ISearcher
    {
        public Config? Suggest(string trialId)
        {
            Interlocked.Increment(ref _suggestCalls);
            return inner.Suggest(trialId);
        }

        public void Accept(string trialId, Config config) => inner.Accept(trialId, config);
        public void OnReport(string trialId, int epoch, double objective) => inner.OnReport(trialId, epoch, objective);
        public void OnComplete(string trialId, TrialOutcome outcome) => inner.OnComplete(trialId, outcome);
    }

    // GP-BO with fewer candidates: each continuation makes its suggestions again, and determinism does not depend on how many.
    public static TheoryData<string> Searchers() =>
        ["random", "grid", "tpe", "{type: gp, nCandidates: 100, localSearchSteps: 5}", "evolution", "reinforce", "bohb", "auto"];

    // BOHB runs only with budgets to compare (a spec error otherwise).
    private static string Spec(string searcher) =>
        RecoveryScenarios.MixedSpec(searcher, trials: 24, concurrent: 3, epochs: 2, scheduler: searcher == "bohb" ? "hyperband" : "fifo");

    [Theory]
    [MemberData(nameof(Searchers))]
    public void A_search_recovered_at_any_point_goes_on_as_if_it_never_went_down(string searcher)
    {
        const int steps = 110;
        var live = ScriptedSearch.Submit("s1", Spec(searcher), faults: true, Catalog);
        var states = new List<(int Step, int Events, SearchState State, SearchStateSnapshot Snapshot)>();
        live.Run(steps, s => states.Add((s.Step, s.Journal.Count, s.State, s.State.ToSnapshot())));
        var journal = live.Journal;
        var expected = RecoveryFixture.Summary(live.State);
        Assert.Contains(live.State.Trials, t => t.Phase == TrialPhase.Completed);

        // At four points (GP suggestions make each continuation cost), recovered from the journal and from a snapshot
        // taken a few steps before; each recovered search runs the remaining steps and must end where the live one did.
        foreach (var i in new[] { 1, 3, 5, 7 }.Select(eighth => states.Count * eighth / 8))
        {
            var (step, events, _, _) = states[i];
            var fromJournal = journal.Take(events).Aggregate(SearchState.Empty("s1", Catalog), (s, e) => s.Apply(e));
            var earlier = states[Math.Max(0, i - 3)];
            var fromSnapshot = journal.Skip(earlier.Events).Take(events - earlier.Events).Aggregate(SearchState.FromSnapshot(earlier.Snapshot, Catalog), (s, e) => s.Apply(e));
            Assert.Equal(RecoveryFixture.Summary(states[i].State), RecoveryFixture.Summary(fromJournal));

            foreach (var recovered in new[] { fromJournal, fromSnapshot })
            {
                var resumed = new ScriptedSearch(recovered, faults: true, step);
                resumed.Run(steps - step);
                Assert.Equal(expected, RecoveryFixture.Summary(resumed.State));
            }
        }
    }

    [Fact]
    public void A_journal_whose_spec_todays_checks_reject_recovers_as_it_was_accepted()
    {
        var live = ScriptedSearch.Submit("s1", Spec("{type: tpe, nStartupTrials: 3}"), faults: true, Catalog);
        live.Run(50);
        // As if the search had been accepted by a version that still knew an option, with a limit since added.
        var submitted = (SearchSubmitted)live.Journal[0];
        var old = submitted with { SpecText = submitted.SpecText.Replace("nStartupTrials: 3}", "nStartupTrials: 3, optionRemovedSince: 1}") };
        Assert.Throws<SpecException>(() => SearchState.Empty("s2", Catalog).DecideSubmit(old.SpecText, ScriptedSearch.T0));

        var recovered = live.Journal.Skip(1).Aggregate(SearchState.Empty("s1", Catalog).Apply(old), (s, e) => s.Apply(e));

        Assert.Equal(RecoveryFixture.Summary(live.State), RecoveryFixture.Summary(recovered));
        var resumed = new ScriptedSearch(recovered, faults: true, live.Step);
        resumed.Run(40);
        live.Run(40);
        Assert.Equal(RecoveryFixture.Summary(live.State), RecoveryFixture.Summary(resumed.State));
    }

    [Fact]
    public void A_search_without_a_searcher_key_keeps_the_default_it_was_accepted_with()
    {
        var spec = string.Join('\n', Spec("x").Split('\n').Where(line => !line.StartsWith("searcher:", StringComparison.Ordinal)));
        var live = ScriptedSearch.Submit("s1", spec, faults: false, Catalog);
        live.Run(20);
        var submitted = (SearchSubmitted)live.Journal[0];
        // Journals written before the default was recorded ran such specs with random search.
        var older = live.Journal.Skip(1).Aggregate(SearchState.Empty("s1", Catalog).Apply(submitted with { DefaultSearcher = null }), (s, e) => s.Apply(e));
        var current = live.Journal.Aggregate(SearchState.Empty("s1", Catalog), (s, e) => s.Apply(e));

        Assert.Equal(SpecParser.DefaultSearcher, submitted.DefaultSearcher);
        Assert.StartsWith("auto:", SearchViews.Of(current)!.Searcher);
        Assert.Equal(SpecParser.FormerDefaultSearcher, SearchViews.Of(older)!.Searcher);
        Assert.Equal(SpecParser.FormerDefaultSearcher, SearchViews.Of(SearchState.FromSnapshot(older.ToSnapshot() with { DefaultSearcher = null }, Catalog))!.Searcher);
        Assert.StartsWith("auto:", SearchViews.Of(SearchState.FromSnapshot(current.ToSnapshot(), Catalog))!.Searcher);
    }

    [Fact]
    public void Replaying_a_journal_or_restoring_a_snapshot_never_asks_the_searcher_to_suggest()
    {
        var live = ScriptedSearch.Submit("s1", Spec(CountingSearcher), faults: true, Catalog);
        live.Run(80);
        var suggested = live.Journal.OfType<TrialSuggested>().Count();
        Assert.True(suggested > 10);
        var before = Volatile.Read(ref _suggestCalls);

        var replayed = live.Journal.Aggregate(SearchState.Empty("s1", Catalog), (s, e) => s.Apply(e));
        var restored = SearchState.FromSnapshot(live.State.ToSnapshot(), Catalog);

        Assert.Equal(before, Volatile.Read(ref _suggestCalls));
        Assert.Equal(RecoveryFixture.Summary(live.State), RecoveryFixture.Summary(replayed));
        Assert.Equal(RecoveryFixture.Summary(live.State), RecoveryFixture.Summary(restored));
    }
}
