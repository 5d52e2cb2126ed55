using Microsoft.Data.Sqlite;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Tests.Support;
using Xunit;

namespace ModelOpt.Cluster.Tests.Actors;

public sealed class RecoveryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mopt-recovery-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_finished_search_is_read_back_from_the_SQLite_journal_after_a_restart()
    {
        var journal = Path.Combine(_directory, "journal.db");
        SearchInfo before;
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
        Assert.Equal(before.Trials.Select(t => (t.TrialId, t.Config, t.Objective)), after.Trials.Select(t => (t.TrialId, t.Config, t.Objective)));
        Assert.Equal(before.BestTrialId, after.BestTrialId);
        Assert.Contains(await second.Commands.ListAsync(), l => l.SearchId == searchId && l.Status == SearchStatus.Finished);
    }

    [Fact]
    public async Task A_completed_trials_small_artifacts_reach_the_snapshot_and_survive_recovery_from_the_journal()
    {
        var journal = Path.Combine(_directory, "journal.db");
        SearchInfo before;
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
            Assert.Equal(2, snapshot.Trials.Count(t => t.Status == TrialStatus.Completed));
            foreach (var trial in snapshot.Trials)
            {
                Assert.NotNull(trial.Artifacts);
                Assert.Equal($"actual,a,b\na,3,1\nb,0,{trial.TrialId}", trial.Artifacts["confusion_matrix"]);
                Assert.False(trial.Artifacts.ContainsKey("huge"), "a value over 64 KB must not be journaled");
            }
        }
    }

    [Fact]
    public async Task A_search_with_snapshots_recovers_from_its_latest_snapshot_and_the_events_after_it()
    {
        var journal = Path.Combine(_directory, "journal.db");
        SearchInfo before;
        string searchId;
        await using (var first = await TestHost.StartAsync(slots: 2, journal, snapshotEvery: 7))
        {
            var submitted = await first.Commands.SubmitAsync(TestSpecs.Branin(trials: 8, concurrent: 2));
            searchId = submitted.SearchId;
            before = await first.WaitUntilDoneAsync(searchId);
        }
        var snapshots = SnapshotSequenceNumbers(journal, $"search-{searchId}");
        var events = EventCount(journal, $"search-{searchId}");

        await using var second = await TestHost.StartAsync(slots: 2, journal, snapshotEvery: 7);
        var after = await second.Commands.GetAsync(searchId);

        Assert.NotEmpty(snapshots);
        Assert.InRange(snapshots.Max(), 7, events);
        Assert.NotNull(after);
        Assert.Equal(SearchStatus.Finished, after.Status);
        Assert.Equal(before.Trials.Select(t => (t.TrialId, t.Config, t.Status, t.Objective)), after.Trials.Select(t => (t.TrialId, t.Config, t.Status, t.Objective)));
        Assert.Equal(before.BestTrialId, after.BestTrialId);
    }

    private static List<long> SnapshotSequenceNumbers(string journal, string persistenceId) =>
        Query(journal, "SELECT sequence_number FROM snapshot WHERE persistence_id = $id", persistenceId);

    private static long EventCount(string journal, string persistenceId) =>
        Query(journal, "SELECT COUNT(*) FROM journal WHERE persistence_id = $id", persistenceId)[0];

    private static List<long> Query(string journal, string sql, string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={journal}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", persistenceId);
        using var reader = command.ExecuteReader();
        var values = new List<long>();
        while (reader.Read()) values.Add(reader.GetInt64(0));
        return values;
    }
}
