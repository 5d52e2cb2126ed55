using Akka.Actor;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Serialization;
using ModelOpt.Cluster.Tests.Support;
using Xunit;

namespace ModelOpt.Cluster.Tests.Searches.Recovery;

/// <summary>
/// Journals and snapshots written by earlier versions (Fixtures/&lt;version&gt;/) recover to the state that version had,
/// whichever searcher they use and whatever today's spec checks say about their specs. Where the searcher's algorithm is
/// unchanged since, the recovered search also continues exactly as that version continued it.
/// To write fixtures of the current code: <c>MOPT_WRITE_RECOVERY_FIXTURES=dir MOPT_FIXTURE_VERSION=text dotnet test
/// --filter OldVersionRecoveryTests</c>.
/// </summary>
public sealed class OldVersionRecoveryTests : IDisposable
{
    private static readonly string FixtureRoot = Path.Combine(AppContext.BaseDirectory, "Searches", "Recovery", "Fixtures");

    /// <summary>
    /// Fixtures whose searcher still makes the suggestions it made when they were written. Since main-2026-12-01:
    /// REINFORCE learns from the option each accepted value falls in rather than the one it drew (an int rounded into
    /// the next slice now counts there); GP-BO has an additive kernel part, refits on a schedule and redraws single
    /// parameters of its best configs; TPE's defaults became multivariate with neighbour bandwidths.
    /// </summary>
    private static readonly HashSet<(string Version, string Scenario)> SameContinuation =
    [
        ("main-2026-12-01", "grid"), ("main-2026-12-01", "evolution"), ("main-2026-12-01", "bohb-fifo-one-epoch"),
        ("main-2026-12-01", "random-extremes"),
    ];

    private readonly ActorSystem _system = ActorSystem.Create("old-version-recovery");
    private readonly ModelOptSerializer _serializer;

    public OldVersionRecoveryTests() => _serializer = new ModelOptSerializer((ExtendedActorSystem)_system);

    public void Dispose() => _system.Dispose();

    public static TheoryData<string, string> Fixtures()
    {
        var data = new TheoryData<string, string>();
        foreach (var directory in Directory.GetDirectories(FixtureRoot).Order(StringComparer.Ordinal))
            foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
                data.Add(Path.GetFileName(directory), Path.GetFileNameWithoutExtension(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void An_old_journal_and_snapshot_recover_to_the_state_they_had(string version, string scenario)
    {
        var fixture = RecoveryFixture.Read(Path.Combine(FixtureRoot, version, scenario + ".json"));
        var journal = fixture.Journal.Select(m => (ISearchEvent)m.Read(_serializer)).ToList();

        var replayed = journal.Aggregate(SearchState.Empty("s1", TestCatalog.All), (s, e) => s.Apply(e));
        var snapshot = (SearchStateSnapshot)fixture.Snapshot.Read(_serializer);
        var fromSnapshot = journal.Skip(fixture.SnapshotAfterEvents).Aggregate(SearchState.FromSnapshot(snapshot, TestCatalog.All), (s, e) => s.Apply(e));

        Assert.Equal(fixture.AtEnd, RecoveryFixture.Summary(replayed));
        Assert.Equal(fixture.AtEnd, RecoveryFixture.Summary(fromSnapshot));

        var definition = RecoveryScenarios.All.Single(s => s.Name == scenario);
        var continuedFromJournal = Continue(replayed, definition, fixture.Steps);
        var continuedFromSnapshot = Continue(fromSnapshot, definition, fixture.Steps);
        Assert.Equal(continuedFromJournal, continuedFromSnapshot);
        if (SameContinuation.Contains((version, scenario)))
            Assert.Equal(fixture.Continued, continuedFromJournal);
    }

    /// <summary>Writes the fixtures of the current code when MOPT_WRITE_RECOVERY_FIXTURES names a directory; otherwise does nothing.</summary>
    [Fact]
    public void Fixtures_of_the_current_code_are_written_on_request()
    {
        if (Environment.GetEnvironmentVariable("MOPT_WRITE_RECOVERY_FIXTURES") is not { Length: > 0 } directory) return;
        Directory.CreateDirectory(directory);
        var version = Environment.GetEnvironmentVariable("MOPT_FIXTURE_VERSION") ?? "unnamed";
        foreach (var scenario in RecoveryScenarios.All)
            Record(scenario, version).Write(Path.Combine(directory, scenario.Name + ".json"));
    }

    private RecoveryFixture Record(RecoveryScenario scenario, string version)
    {
        var search = ScriptedSearch.Submit("s1", scenario.Spec, scenario.Faults, TestCatalog.All);
        SearchStateSnapshot? snapshot = null;
        var snapshotAfter = 0;
        search.Run(scenario.Steps, s =>
        {
            if (snapshot is not null || s.Journal.Count < scenario.SnapshotAfterEvents) return;
            snapshot = s.State.ToSnapshot();
            snapshotAfter = s.Journal.Count;
        });
        if (snapshot is null) throw new InvalidOperationException($"{scenario.Name}: only {search.Journal.Count} events, no snapshot");
        var atEnd = RecoveryFixture.Summary(search.State);
        var journal = search.Journal.Select(e => StoredMessage.Of(_serializer, e)).ToList();
        return new RecoveryFixture(scenario.Name, version, search.Step, journal, snapshotAfter, StoredMessage.Of(_serializer, snapshot),
            atEnd, Continue(search.State, scenario, search.Step));
    }

    /// <summary>What a coordinator does with a recovered search: requeues the attempts that were running, then goes on.</summary>
    private static IReadOnlyList<string> Continue(SearchState recovered, RecoveryScenario scenario, int step)
    {
        var search = new ScriptedSearch(recovered, scenario.Faults, step);
        search.Restart();
        search.Run(scenario.ContinuationSteps);
        return RecoveryFixture.Summary(search.State);
    }
}
