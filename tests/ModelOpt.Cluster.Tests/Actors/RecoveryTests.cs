using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Tests.Support;
using Xunit;

namespace ModelOpt.Cluster.Tests.Actors;

public sealed class RecoveryTests : IDisposable
{
    static RecoveryTests() => TestWorkloads.Register();

    private readonly string _directory = Directory.CreateTempSubdirectory("mopt-recovery-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_finished_search_is_read_back_from_the_SQLite_journal_after_a_restart()
    {
        var journal = Path.Combine(_directory, "journal.db");
        SearchSnapshot before;
        string searchId;
        await using (var first = await TestHost.StartAsync(slots: 2, journal))
        {
            var submitted = await first.Commands.SubmitAsync(TestSpecs.Branin(trials: 6, concurrent: 2));
            searchId = submitted.SearchId;
            before = await first.WaitUntilDoneAsync(searchId);
        }

        await using var second = await TestHost.StartAsync(slots: 2, journal);
        var after = await second.Commands.GetAsync(searchId);

        Assert.NotNull(after);
        Assert.Equal(SearchStatus.Finished, after.Status);
        Assert.Equal(before.Trials.Select(t => (t.Id, t.Config, t.Objective)), after.Trials.Select(t => (t.Id, t.Config, t.Objective)));
        Assert.Equal(before.BestTrialId, after.BestTrialId);
        Assert.Contains(await second.Commands.ListAsync(), l => l.SearchId == searchId && l.Status == SearchStatus.Finished);
    }

    [Fact]
    public async Task A_completed_trials_small_artifacts_reach_the_snapshot_and_survive_recovery_from_the_journal()
    {
        var journal = Path.Combine(_directory, "journal.db");
        SearchSnapshot before;
        string searchId;
        await using (var first = await TestHost.StartAsync(slots: 1, journal))
        {
            var submitted = await first.Commands.SubmitAsync(TestSpecs.Branin(trials: 2, concurrent: 1, workload: $"{{kind: {TestWorkloads.Artifacted}}}"));
            searchId = submitted.SearchId;
            before = await first.WaitUntilDoneAsync(searchId);
        }
        await using var second = await TestHost.StartAsync(slots: 1, journal);
        var after = await second.Commands.GetAsync(searchId);

        Assert.NotNull(after);
        foreach (var snapshot in new[] { before, after })
        {
            Assert.Equal(2, snapshot.Trials.Count(t => t.Phase == TrialPhase.Completed));
            foreach (var trial in snapshot.Trials)
            {
                Assert.NotNull(trial.Artifacts);
                Assert.Equal($"actual,a,b\na,3,1\nb,0,{trial.Id}", trial.Artifacts["confusion_matrix"]);
                Assert.False(trial.Artifacts.ContainsKey("huge"), "a value over 64 KB must not be journaled");
            }
        }
    }
}
