using ModelOpt.Cluster.Searches;
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
}
