using System.Text.Json;
using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Journal;
using ModelOpt.Node.Tests.Support;
using ModelOpt.Training;
using Xunit;

namespace ModelOpt.Node.Tests;

/// <summary>
/// The journal on a real PostgreSQL server (started by the test on port 55432; nodes on ports 4181-4182): the same code
/// path as SQLite, chosen by the <c>Host=…</c> connection string. Skipped where the server binaries are not installed.
/// </summary>
[Trait("Category", "MultiProcess")]
public sealed class PostgresJournalTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly NodeFleet _fleet = new("mopt-pg-nodes-");
    private PostgresServer? _server;

    public void Dispose()
    {
        _fleet.Dispose();
        _server?.Dispose();
    }

    private string Logs() => _fleet.Logs() + $"\n--- postgres\n{_server?.Log}";

    [PostgresFact]
    public async Task A_coordinator_killed_mid_search_resumes_from_the_PostgreSQL_journal()
    {
        _server = PostgresServer.Start(55432);
        int[] seeds = [4181, 4182];
        var coordinator = _fleet.Start("coordinator", 4181, seeds, journal: _server.ConnectionString);
        _fleet.Start("worker", 4182, seeds, slots: 2);
        await using var client = await ClusterClient.JoinAsync(seeds);

        var id = await client.SubmitAsync(CommandSpecs.Sleeping(trials: 6, concurrent: 2, seconds: 1, _fleet.Directory));
        var before = await client.WaitForAsync(id, s => s.Trials.Count(t => t.Status == TrialStatus.Completed) >= 2, Deadline, Logs);
        var completedBefore = before.Trials.Where(t => t.Status == TrialStatus.Completed).ToList();
        coordinator.Kill();
        _fleet.Start("coordinator", 4181, seeds, journal: _server.ConnectionString);
        var done = await client.WaitForAsync(id, s => s.Status != SearchStatus.Running, Deadline, Logs);

        Assert.Equal(SearchStatus.Finished, done.Status);
        Assert.Equal(6, done.Trials.Count);
        Assert.All(done.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        foreach (var earlier in completedBefore)
        {
            var now = done.Trials.Single(t => t.TrialId == earlier.TrialId);
            Assert.Equal(earlier.Config, now.Config);
            Assert.Equal(1, now.Attempts);
        }

        // The same journal read without a cluster, while the coordinator still holds it, tells the same story.
        var journal = new JournalCommandApi(new JournalReader(JournalConnection.For(_server.ConnectionString), TrainingCatalog.Default));
        var read = await journal.GetSearchAsync(id);
        Assert.Equal(JsonSerializer.Serialize(done, CommandJson.Responses), JsonSerializer.Serialize(read, CommandJson.Responses));
        Assert.Contains(await journal.ListSearchesAsync(), s => s.SearchId == id && s.Status == SearchStatus.Finished);
        var refused = await Assert.ThrowsAsync<CommandException>(() => journal.StopSearchAsync(id));
        Assert.Equal(CommandErrorCodes.ReadOnly, refused.Code);
    }
}
