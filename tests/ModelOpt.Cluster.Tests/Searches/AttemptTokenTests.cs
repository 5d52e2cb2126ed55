using System.Text;
using Akka.Actor;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Serialization;
using ModelOpt.Cluster.Tests.Support;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cluster.Tests.Searches;

/// <summary>
/// An attempt's token, journaled with its start, decides which messages speak for it: one with another token (an
/// orphan's: its start was sent but never journaled) is refused and marked stale; one without a token (an older node's)
/// is taken as today. Journals written before tokens replay, and their attempts take messages without one.
/// </summary>
public sealed class AttemptTokenTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, double> Value = new() { ["value"] = 1.0 };
    private static readonly EpochReport Epoch1 = new(1, Value, 0.01);

    private readonly ActorSystem _system = ActorSystem.Create("attempt-token-test");

    public void Dispose() => _system.Dispose();

    private static SearchState Started(string? token)
    {
        var state = SearchState.Empty("s1", TestCatalog.All).DecideSubmit(TestSpecs.Branin(trials: 2, concurrent: 1), T0).State;
        return state.DecideSlot("node-a", "cpu#0", T0, token).Decision.State;
    }

    [Fact]
    public void A_message_with_another_token_than_the_journaled_one_is_refused_and_stale()
    {
        var state = Started("incarnation-b");

        Assert.Empty(state.DecideCompleted("t0001", 1, Value, T0, token: "incarnation-a").Events);
        Assert.Empty(state.DecideFailed("t0001", 1, FailureKind.Crash, "crashed", T0, token: "incarnation-a").Events);
        Assert.Empty(state.DecideReport("t0001", 1, Epoch1, T0, token: "incarnation-a").Events);
        Assert.Empty(state.DecideUnstarted("t0001", 1, "refused", T0, token: "incarnation-a").Events);
        Assert.True(state.IsStale("t0001", 1, "incarnation-a"));

        Assert.False(state.IsStale("t0001", 1, "incarnation-b"));
        Assert.Contains(state.DecideCompleted("t0001", 1, Value, T0, token: "incarnation-b").Events, e => e is TrialCompleted);
    }

    [Fact]
    public void A_message_without_a_token_speaks_for_the_running_attempt_and_is_never_stale()
    {
        var state = Started("incarnation-b");

        Assert.False(state.IsStale("t0001", 1, null));
        Assert.False(state.IsStale("t0001", 2, null));
        Assert.Contains(state.DecideFailed("t0001", 1, FailureKind.Lost, "no worker runs this attempt", T0).Events, e => e is TrialRequeued or TrialFailed);
    }

    [Fact]
    public void A_start_journaled_before_tokens_replays_and_its_attempt_takes_messages_without_one()
    {
        var serializer = new ModelOptSerializer((ExtendedActorSystem)_system);
        var submitted = SearchState.Empty("s1", TestCatalog.All).DecideSubmit(TestSpecs.Branin(trials: 2, concurrent: 1), T0);
        var suggested = submitted.State.DecideSlot("node-a", "cpu#0", T0).Decision.Events.OfType<TrialSuggested>().Single();
        var old = (TrialStarted)serializer.FromBinary(
            Encoding.UTF8.GetBytes("""{"TrialId":"t0001","Attempt":1,"Node":"node-a","Device":"cpu#0","StartedAt":"2026-12-06T10:00:00+00:00"}"""), "trial-started.1");
        Assert.Null(old.Token);

        var replayed = submitted.State.Apply(suggested).Apply(old);

        Assert.Null(replayed.Trial("t0001")!.AttemptToken);
        Assert.Contains(replayed.DecideCompleted("t0001", 1, Value, T0).Events, e => e is TrialCompleted);
    }

    [Fact]
    public void The_token_is_journaled_with_the_start_and_kept_by_snapshots()
    {
        var serializer = new ModelOptSerializer((ExtendedActorSystem)_system);
        var started = SearchState.Empty("s1", TestCatalog.All).DecideSubmit(TestSpecs.Branin(trials: 2, concurrent: 1), T0).State
            .DecideSlot("node-a", "cpu#0", T0, "incarnation-b").Decision;
        var journaled = started.Events.OfType<TrialStarted>().Single();
        var read = (TrialStarted)serializer.FromBinary(serializer.ToBinary(journaled), serializer.Manifest(journaled));
        Assert.Equal("incarnation-b", read.Token);

        var snapshot = started.State.ToSnapshot();
        var restored = (SearchStateSnapshot)serializer.FromBinary(serializer.ToBinary(snapshot), serializer.Manifest(snapshot));
        Assert.Equal("incarnation-b", SearchState.FromSnapshot(restored, TestCatalog.All).Trial("t0001")!.AttemptToken);
    }
}
