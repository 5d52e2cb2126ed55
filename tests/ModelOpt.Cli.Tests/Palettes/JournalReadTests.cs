using System.Security.Cryptography;
using System.Text.Json;
using ModelOpt.Cli.Client;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Client.Models;
using Xunit;

namespace ModelOpt.Cli.Tests.Palettes;

/// <summary>
/// <c>mopt --journal</c> reads the journal of a node that is running (SQLite in WAL mode, a live writer) without a
/// cluster: every read command answers as the node does, commands that change something are refused, nothing is written.
/// </summary>
[Collection(CommandNodeCollection.Name)]
public sealed class JournalReadTests(CommandNode node)
{
    private readonly MoptRunner _mopt = new(Path.Combine(node.Dir, "config-journal"), new Dictionary<string, string> { ["MOPT_TOKEN"] = CommandNode.FullToken });

    private string Journal => Path.Combine(node.Dir, "journal.db");

    [Fact]
    public async Task Every_read_command_answers_from_the_journal_as_the_node_does()
    {
        var spec = TestSpecs.Write(node.Dir, "branin-journal.yaml", TestSpecs.Branin(5));
        Assert.Equal(0, (await _mopt.RunAsync(CommandNode.Host, "search", "submit", spec, "--id", "journal-1")).Exit);
        await node.WaitForAsync("journal-1", s => s.Status == SearchStatus.Finished, "finished");

        foreach (var command in new[] { new[] { "search", "show", "journal-1" }, ["search", "best", "journal-1"], ["trial", "list", "journal-1", "--sort", "objective"],
                     ["trial", "show", "journal-1/t0003"], ["trial", "logs", "journal-1/t0003"],
                     ["search", "export", "journal-1"], ["search", "export", "journal-1", "--format", "jsonl"] })
        {
            var fromNode = await _mopt.RunAsync([CommandNode.Host, .. command, "--json"]);
            var fromJournal = await _mopt.RunAsync(["--journal", Journal, .. command, "--json"]);
            Assert.True(fromJournal.Exit == 0, fromJournal.ToString());
            Assert.Equal(fromNode.Out, fromJournal.Out);
        }
        var list = await _mopt.RunAsync("--journal", Journal, "search", "list");
        var table = await _mopt.RunAsync("--journal", Journal, "trial", "list", "journal-1");
        var report = await _mopt.RunAsync("--journal", Journal, "search", "report", "journal-1", "--out", Path.Combine(node.Dir, "journal-report"));
        var export = await _mopt.RunAsync("--journal", Journal, "trial", "export", "journal-1/t0001", "--out", Path.Combine(node.Dir, "journal-export"));

        Assert.Contains("journal-1", list.Out);
        Assert.Contains("X0", table.Out);
        Assert.True(report.Exit == 0, report.ToString());
        Assert.True(File.Exists(Path.Combine(node.Dir, "journal-report", "report.html")));
        Assert.True(export.Exit == 0, export.ToString());
        Assert.Equal("t0001", JsonDocument.Parse(File.ReadAllText(Path.Combine(node.Dir, "journal-export", "trial.json"))).RootElement.GetProperty("trialId").GetString());
    }

    [Fact]
    public async Task A_running_search_is_read_while_its_node_writes_and_changes_are_refused()
    {
        var spec = TestSpecs.Write(node.Dir, "slow-journal.yaml", TestSpecs.SlowCurve);
        Assert.Equal(0, (await _mopt.RunAsync(CommandNode.Host, "search", "submit", spec, "--id", "journal-live")).Exit);
        await node.WaitForAsync("journal-live", s => s.Trials.Any(t => t.Epochs >= 2), "two epochs reported");

        var show = await _mopt.RunAsync("--journal", Journal, "search", "show", "journal-live", "--json");
        var stop = await _mopt.RunAsync("--journal", Journal, "search", "stop", "journal-live");
        var workers = await _mopt.RunAsync("--journal", Journal, "worker", "list");
        await _mopt.RunAsync(CommandNode.Host, "search", "stop", "journal-live");

        Assert.True(show.Exit == 0, show.ToString());
        var search = JsonDocument.Parse(show.Out).RootElement;
        Assert.Equal("running", search.GetProperty("status").GetString());
        Assert.True(search.GetProperty("trials")[0].GetProperty("epochs").GetInt32() >= 2);
        Assert.Equal(1, stop.Exit);
        Assert.Contains("read-only", stop.Error);
        Assert.Equal(1, workers.Exit);
        Assert.Contains("running cluster", workers.Error);
    }

    [Fact]
    public async Task Reading_never_writes_and_bad_journals_are_one_clear_error()
    {
        await JournaledSearchAsync();
        var copy = Path.Combine(node.Dir, "journal-copy");
        Directory.CreateDirectory(copy);
        var db = Path.Combine(copy, "journal.db");
        await using (var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Journal};Mode=ReadOnly"))
        {
            await source.OpenAsync();
            using var backup = source.CreateCommand();
            backup.CommandText = $"VACUUM INTO '{db}'";
            await backup.ExecuteNonQueryAsync();
        }
        var before = Fingerprint(copy);

        var list = await _mopt.RunAsync("--journal", db, "search", "list", "--json");
        var missing = await _mopt.RunAsync("--journal", Path.Combine(copy, "nope.db"), "search", "list");
        var unknown = await _mopt.RunAsync("--journal", db, "search", "show", "no-such-search");
        var notJournal = Path.Combine(copy, "empty.db");
        File.WriteAllBytes(notJournal, []);
        var empty = await _mopt.RunAsync("--journal", notJournal, "search", "list");

        Assert.True(list.Exit == 0, list.ToString());
        Schemas.AssertValid("search-list", list.Out);
        Assert.Equal(before, Fingerprint(copy));
        Assert.Equal(2, missing.Exit);
        Assert.Contains("no file", missing.Error);
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("no search 'no-such-search' in the journal", unknown.Error);
        Assert.Equal(1, empty.Exit);
        Assert.Contains("not a ModelOpt journal", empty.Error);
        Assert.DoesNotContain("Exception", empty.Error);
    }

    [Fact]
    public async Task A_context_whose_run_has_ended_falls_back_to_its_journal_or_names_itself()
    {
        await JournaledSearchAsync();
        var home = Path.Combine(node.Dir, "config-ended");
        var mopt = new MoptRunner(home);
        var ended = new ClientContext("127.0.0.1:1", null) { Journal = Journal, Pid = int.MaxValue - 7, PidStarted = DateTimeOffset.UnixEpoch };
        ended.Write(Path.Combine(home, "modelopt"));

        var list = await mopt.RunAsync("search", "list");
        (ended with { Journal = null }).Write(Path.Combine(home, "modelopt"));
        var stale = await mopt.RunAsync("search", "list");

        Assert.True(list.Exit == 0, list.ToString());
        Assert.Contains($"has ended; reading its journal {Journal}", list.Error);
        Assert.Equal(3, stale.Exit);
        Assert.Contains(Path.Combine(home, "modelopt", "context.json"), stale.Error);
        Assert.Contains("has ended", stale.Error);
    }

    /// <summary>A finished search in the node's journal (the journal's tables exist once something was journaled).</summary>
    private async Task JournaledSearchAsync()
    {
        var spec = TestSpecs.Write(node.Dir, "branin-journaled.yaml", TestSpecs.Branin(2));
        await _mopt.RunAsync(CommandNode.Host, "search", "submit", spec, "--id", "journal-base");
        await node.WaitForAsync("journal-base", s => s.Status == SearchStatus.Finished, "finished");
    }

    /// <summary>The bytes of every file in the folder (the journal and any -wal/-shm beside it).</summary>
    private static string Fingerprint(string dir) => string.Join(";", Directory.GetFiles(dir).Where(f => !f.EndsWith("empty.db", StringComparison.Ordinal)).Order()
        .Select(f => $"{Path.GetFileName(f)}={Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}"));
}
