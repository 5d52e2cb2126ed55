using ModelOpt.Cluster.Tests.Support;
using System.Text.Json;
using Akka.Actor;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Serialization;
using ModelOpt.Search.Functions;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cluster.Tests.Searches;

/// <summary>A search recovered from a snapshot plus the events after it is the search replayed from its whole journal.</summary>
public sealed class SearchStateSnapshotTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    // TPE's suggestions depend on every result so far and ASHA's stops on every report at each rung, so a snapshot that
    // lost or reordered any of them would make different decisions after recovery.
    private const string Spec = """
        apiVersion: modelopt/v1
        name: snapshot-test
        seed: 11
        objective: {metric: value, mode: min}
        space:
          x0: {type: float, low: -5, high: 10}
          x1: {type: float, low: 0, high: 15}
        searcher: {type: tpe, nStartupTrials: 3}
        scheduler: {type: asha, gracePeriod: 1, reductionFactor: 2}
        budget: {maxTrials: 24, maxConcurrent: 4, maxEpochsPerTrial: 4}
        workload: {kind: function, function: branin}
        """;

    private readonly ActorSystem _system = ActorSystem.Create("snapshot-test");
    private readonly ModelOptSerializer _serializer;

    public SearchStateSnapshotTests() => _serializer = new ModelOptSerializer((ExtendedActorSystem)_system);

    public void Dispose() => _system.Dispose();

    /// <summary>
    /// Plays the workers' part: fills every wanted slot, then one epoch of the running trial whose turn it is (so reports
    /// of different trials interleave), the objective being Branin plus a term that shrinks with the epochs.
    /// </summary>
    private static SearchDecision Step(SearchState state, int step)
    {
        if (state.SlotsWanted(T0) > 0) return state.DecideSlot("node-a", "cpu#0", T0).Decision;
        var running = state.Trials.Where(t => t.Phase == TrialPhase.Running).ToList();
        var trial = running[step % running.Count];
        var epoch = trial.Epochs + 1;
        var value = new Branin().Evaluate(trial.Config) + 4.0 / epoch;
        var metrics = new Dictionary<string, double> { ["value"] = value };
        return epoch < 4
            ? state.DecideReport(trial.Id, trial.Attempts, new EpochReport(epoch, metrics, 0.01), T0)
            : state.DecideCompleted(trial.Id, trial.Attempts, metrics, T0);
    }

    private static (SearchState State, List<ISearchEvent> Journal) Run(SearchState state, int steps, Action<SearchState, int>? afterStep = null)
    {
        var journal = new List<ISearchEvent>();
        for (var step = 0; step < steps && state.Status == SearchStatus.Running; step++)
        {
            var decision = Step(state, step);
            journal.AddRange(decision.Events);
            state = decision.State;
            afterStep?.Invoke(state, journal.Count);
        }
        return (state, journal);
    }

    private SearchStateSnapshot ThroughSerializer(SearchStateSnapshot snapshot) =>
        (SearchStateSnapshot)_serializer.FromBinary(_serializer.ToBinary(snapshot), _serializer.Manifest(snapshot));

    private static string Trials(SearchState state) =>
        JsonSerializer.Serialize(state.Trials.Select(t => new { t.Id, Config = t.Config.ToString(), t.Phase, t.Attempts, t.Objective, t.Reason, Curve = t.Curve.Select(r => r.Epoch) }));

    [Fact]
    public void Snapshot_plus_later_events_equals_the_full_replay_and_decides_the_same_from_then_on()
    {
        const string trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var submitted = SearchState.Empty("s1", TestCatalog.All).DecideSubmit(Spec, T0, trace);
        SearchStateSnapshot? snapshot = null;
        var eventsAtSnapshot = 0;
        var (midway, tail) = Run(submitted.State, 45, (state, events) =>
        {
            if (snapshot is null && events >= 30)
            {
                snapshot = state.ToSnapshot();
                eventsAtSnapshot = events;
            }
        });
        Assert.NotNull(snapshot);
        var journal = submitted.Events.Concat(tail).ToList();

        var replayed = journal.Aggregate(SearchState.Empty("s1", TestCatalog.All), (s, e) => s.Apply(e));
        var fromSnapshot = tail.Skip(eventsAtSnapshot).Aggregate(SearchState.FromSnapshot(ThroughSerializer(snapshot), TestCatalog.All), (s, e) => s.Apply(e));

        Assert.Equal(Trials(midway), Trials(fromSnapshot));
        Assert.Equal(Trials(replayed), Trials(fromSnapshot));
        Assert.Equal(trace, fromSnapshot.TraceParent);
        Assert.Equal((replayed.Running, replayed.Waiting, replayed.SlotsWanted(T0)), (fromSnapshot.Running, fromSnapshot.Waiting, fromSnapshot.SlotsWanted(T0)));

        var (liveEnd, _) = Run(midway, 400);
        var (replayedEnd, _) = Run(replayed, 400);
        var (snapshotEnd, _) = Run(fromSnapshot, 400);

        Assert.Equal(SearchStatus.Finished, liveEnd.Status);
        Assert.Contains(liveEnd.Trials, t => t.Phase == TrialPhase.Stopped);
        Assert.Equal(Trials(liveEnd), Trials(replayedEnd));
        Assert.Equal(Trials(liveEnd), Trials(snapshotEnd));
    }

    [Fact]
    public void A_snapshot_keeps_the_search_status_and_budget_state()
    {
        var submitted = SearchState.Empty("s1", TestCatalog.All).DecideSubmit(Spec, T0);
        var (state, _) = Run(submitted.State, 400);

        var back = SearchState.FromSnapshot(ThroughSerializer(state.ToSnapshot()), TestCatalog.All);

        Assert.Equal((SearchStatus.Finished, state.EndReason, state.EndedAt, state.SubmittedAt), (back.Status, back.EndReason, back.EndedAt, back.SubmittedAt));
        Assert.Equal(state.Best!.Id, back.Best!.Id);
        Assert.Equal(0, back.SlotsWanted(T0));
    }
}
