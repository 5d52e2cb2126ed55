using Microsoft.Data.Sqlite;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Searches;
using SearchStatus = ModelOpt.Client.Models.SearchStatus;
using ModelOpt.Cluster.Tests.Support;
using Xunit;

namespace ModelOpt.Cluster.Tests.Actors;

/// <summary>Archiving and deleting ended searches, by hand and by retention, against a real SQLite journal.</summary>
public sealed class JournalCleanupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mopt-cleanup-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Journal => Path.Combine(_directory, "journal.db");

    [Fact]
    public async Task An_archived_search_keeps_one_snapshot_and_no_events_and_reads_back_the_same_after_a_restart()
    {
        SearchInfo before;
        SearchCleaned archived;
        string searchId;
        await using (var first = await TestHost.StartAsync(slots: 2, Journal))
        {
            searchId = (await first.Commands.SubmitAsync(TestSpecs.Branin(trials: 8, concurrent: 2))).SearchId;
            before = await first.WaitUntilDoneAsync(searchId);
            archived = await first.Commands.ArchiveAsync(searchId);
        }
        await using var second = await TestHost.StartAsync(slots: 2, Journal);
        var after = await second.Commands.GetAsync(searchId);
        var listing = (await second.Commands.ListAsync()).Single(l => l.SearchId == searchId);

        Assert.Null(archived.Refused);
        Assert.InRange(archived.EventsRemoved, 8 * 4, 8 * 4 + 5);
        Assert.Equal(0, LiveEvents($"search-{searchId}"));
        Assert.Single(Snapshots($"search-{searchId}"));
        Assert.NotNull(after);
        Assert.Equal(before.Trials.Select(t => (t.TrialId, t.Status, t.Objective)), after.Trials.Select(t => (t.TrialId, t.Status, t.Objective)));
        Assert.Equal((SearchStatus.Finished, true), (listing.Status, listing.Archived));
        Assert.NotNull(listing.EndedAt);
    }

    [Fact]
    public async Task A_deleted_search_leaves_nothing_in_the_journal_or_the_listing_and_a_running_one_is_refused()
    {
        var gate = new ManualResetEventSlim(false);
        await using var host = await TestHost.StartAsync(slots: 1, Journal, snapshotEvery: 5, catalog: TestCatalog.WithGate(gate));
        var done = (await host.Commands.SubmitAsync(TestSpecs.Branin(trials: 6, concurrent: 1))).SearchId;
        await host.WaitUntilDoneAsync(done);
        try
        {
            var running = (await host.Commands.SubmitAsync(TestSpecs.Branin(trials: 1, concurrent: 1, workload: $"{{kind: {TestWorkloads.Gated}}}"))).SearchId;

            var deleted = await host.Commands.DeleteAsync(done);
            var refused = await host.Commands.DeleteAsync(running);
            var unknown = await host.Commands.DeleteAsync("no-such-search");

            Assert.Null(deleted.Refused);
            Assert.Equal(SearchCleaned.Deleted, deleted.Action);
            Assert.Contains("running", refused.Refused);
            Assert.Equal(SearchCleaned.NoSuchSearch, unknown.Refused);
            Assert.Null(await host.Commands.GetAsync(done));
            Assert.DoesNotContain(await host.Commands.ListAsync(), l => l.SearchId == done);
            Assert.Equal(0, LiveEvents($"search-{done}"));
            Assert.Empty(Snapshots($"search-{done}"));
        }
        finally
        {
            gate.Set();
        }
    }

    [Fact]
    public async Task Retention_deletes_searches_that_ended_longer_ago_than_it_allows()
    {
        await using var host = await TestHost.StartAsync(slots: 2, Journal, retention: new RetentionOptions(null, TimeSpan.FromMilliseconds(1)) { CheckEvery = TimeSpan.FromMilliseconds(500) });
        var searchId = (await host.Commands.SubmitAsync(TestSpecs.Branin(trials: 4, concurrent: 2))).SearchId;
        await host.WaitUntilDoneAsync(searchId);

        await Eventually.HoldsAsync(async () => !(await host.Commands.ListAsync()).Any(l => l.SearchId == searchId),
            TimeSpan.FromSeconds(60), () => "the ended search was not deleted by retention", TimeSpan.FromMilliseconds(200));
        Assert.Null(await host.Commands.GetAsync(searchId));
        Assert.Equal(0, LiveEvents($"search-{searchId}"));
    }

    /// <summary>Journal rows not marked deleted (the SQL journal may keep the last row, marked, for the sequence number).</summary>
    private long LiveEvents(string persistenceId) => Query("SELECT COUNT(*) FROM journal WHERE persistence_id = $id AND deleted = 0", persistenceId)[0];

    private List<long> Snapshots(string persistenceId) => Query("SELECT sequence_number FROM snapshot WHERE persistence_id = $id", persistenceId);

    private List<long> Query(string sql, string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={Journal};Pooling=false");
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
