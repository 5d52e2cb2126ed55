using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using ModelOpt.Cli.Reports;
using ModelOpt.Cli.Views;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Searches;
using ModelOpt.Node;
using ModelOpt.Node.Commands;
using ModelOpt.Node.Endpoint;
using Npgsql;
using ModelOpt.Benchmarks.Specs;

namespace ModelOpt.Benchmarks.Cluster;

/// <summary>
/// One search of many short trials (Branin, random) on a one-process node with a real journal, then what that size
/// costs: coordinator memory per trial (managed heap after the search, over the heap before it), journal and snapshot
/// bytes per trial, the command endpoint's page latencies (summary, a page by number, the best, the last page, one
/// trial, the changes since a version, the whole search once), a live-view poll and panel, the report, recovery from
/// the events alone (run with <c>--snapshot-every 0</c>) and from an archive's snapshot, the archive (snapshot write)
/// and the delete. Every phase is timed separately; trials/s runs from the search's recorded submission to the first
/// answer that shows it finished (answers wait for the journal).
/// </summary>
public sealed class BigSearchBenchmark : IBenchmark
{
    private const string Token = "big-search-benchmark-token";
    private const string SearchId = "big-search";

    public string Name => "big-search";
    public string Usage => "[--trials 100000] [--slots 64] [--journal <sqlite file or Host=…>] [--snapshot-every 0] [--port 25150] [--requests 200] [--report]";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var trials = args.Int("trials", 100_000);
        var slots = args.Int("slots", 64);
        var journal = args.String("journal", Path.Combine(Path.GetTempPath(), $"big-search-{Guid.NewGuid():N}.db"));
        var snapshotEvery = args.Int("snapshot-every", 0);
        var port = args.Int("port", 25150);
        var requests = args.Int("requests", 200);
        if (trials < 100 || slots < 1 || requests < 1) throw new UsageException("--trials must be at least 100, --slots and --requests at least 1");
        var options = new NodeOptions
        {
            Port = 0, Slots = slots, Gpus = "none", Journal = journal, SnapshotEvery = snapshotEvery, LogLevel = LogLevel.Error,
            Endpoint = new CommandEndpointOptions { Port = port, Bind = "127.0.0.1", Token = Token },
        };
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var client = new ModelOptClient(http.BaseAddress, Token);

        // 1. The search, and what it leaves in memory.
        object run, memory, pages, views, sizes;
        using (var host = NodeHost.Build(options))
        {
            await host.StartAsync();
            var heapBefore = Heap();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var submit = await http.PostAsJsonAsync(CommandRoutes.Searches, new SubmitRequest(Spec(trials, slots), SearchId), CommandJson.Requests);
            submit.EnsureSuccessStatusCode();
            SearchPage summary;
            // To the first answer that shows the end: answers wait for the journal, the search's recorded end time does not.
            while ((summary = await client.GetTrialsAsync(SearchId, TrialQuery.Summary)).Search.IsRunning) await Task.Delay(50);
            var seconds = (DateTimeOffset.UtcNow - summary.Search.SubmittedAt).TotalSeconds;
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
            run = new { seconds = Math.Round(seconds, 1), trials_per_second = Math.Round(trials / seconds, 1), cpu_ms_per_trial = Math.Round(cpuMs / trials, 3), counts = summary.Counts };
            // The entity stays in memory a minute after the search ends: the heap now holds its whole state.
            var heapAfter = Heap();
            memory = new { heap_mb_before = Mb(heapBefore), heap_mb_after = Mb(heapAfter), entity_bytes_per_trial = Math.Round((double)(heapAfter - heapBefore) / trials, 1) };

            var version = summary.Version;
            pages = new
            {
                summary = await Measure(requests, () => http.GetAsync(CommandRoutes.Trials(SearchId, TrialQuery.Summary))),
                first_page = await Measure(requests, () => http.GetAsync(CommandRoutes.Trials(SearchId, new TrialQuery { Curves = false }))),
                first_page_with_curves = await Measure(requests, () => http.GetAsync(CommandRoutes.Trials(SearchId, new TrialQuery()))),
                best_20 = await Measure(requests, () => http.GetAsync(CommandRoutes.Trials(SearchId, new TrialQuery(Limit: 20, Sort: TrialSort.Objective) { Curves = false }))),
                last_page = await Measure(requests, () => http.GetAsync(CommandRoutes.Trials(SearchId, new TrialQuery(Offset: trials - 100) { Curves = false }))),
                one_trial = await Measure(requests, () => http.GetAsync(CommandRoutes.Trials(SearchId, new TrialQuery { TrialId = SearchState.TrialIdFor(trials / 2) }))),
                changed_since = await Measure(requests, () => http.GetAsync(CommandRoutes.Trials(SearchId, new TrialQuery(Sort: TrialSort.Recent) { ChangedAfter = version - 200, Curves = false }))),
                mopt_trial_list_page = await Measure(requests, async () => (await client.GetTrialsAsync(SearchId, new TrialQuery(Offset: trials / 2) { Curves = false })).Search.Trials.Count),
                whole_search = await Measure(3, () => http.GetAsync(CommandRoutes.Search(SearchId))),
            };

            // mopt search watch and mopt run poll pages of what the live view shows (LiveSearchFeed); the whole search
            // (what they polled before) is measured beside it.
            var feed = new LiveSearchFeed(client, SearchId);
            SearchInfo? live = null;
            var poll = await Measure(20, async () => (live = await feed.PollAsync()).Trials.Count);
            var wholePoll = await Measure(3, async () => (await client.GetSearchAsync(SearchId)).Trials.Count);
            var panel = await Measure(5, () => Task.FromResult(Render(live!)));
            object? report = null;
            if (args.Flag("report"))
            {
                var whole = await client.GetSearchAsync(SearchId);
                var directory = Directory.CreateTempSubdirectory("big-search-report-").FullName;
                var clock = Stopwatch.StartNew();
                SearchReport.Write(whole, directory);
                report = new { seconds = Math.Round(clock.Elapsed.TotalSeconds, 2), html_kb = new FileInfo(Path.Combine(directory, SearchReport.HtmlFile)).Length / 1024 };
                Directory.Delete(directory, recursive: true);
            }
            views = new { live_poll = poll, live_trials = live!.Trials.Count, live_poll_whole_search = wholePoll, panel_render = panel, report };
            sizes = await JournalSizes(journal, trials);
            await host.StopAsync();
        }

        // 2. Recovery from the events (and periodic snapshots, if any), the archive, recovery from its snapshot, the delete.
        object recovery;
        using var recoveries = new RecoveryTimes();
        using (var host = NodeHost.Build(options))
        {
            await host.StartAsync();
            var firstAnswer = await Once(() => client.GetTrialsAsync(SearchId, TrialQuery.Summary));
            var fromEvents = recoveries.Last;
            var archive = await Once(() => client.ArchiveSearchAsync(SearchId));
            var snapshot = await SnapshotBytes(journal);
            await host.StopAsync();
            using var again = NodeHost.Build(options);
            await again.StartAsync();
            var firstAnswerAgain = await Once(() => client.GetTrialsAsync(SearchId, TrialQuery.Summary));
            var fromSnapshot = recoveries.Last;
            var heap = Heap();
            var delete = await Once(() => client.DeleteSearchAsync(SearchId));
            recovery = new
            {
                from_events_ms = fromEvents,
                first_answer_after_restart_ms = firstAnswer,
                archive_ms = archive,
                snapshot_bytes = snapshot,
                snapshot_bytes_per_trial = Math.Round((double)snapshot / trials, 1),
                from_snapshot_ms = fromSnapshot,
                first_answer_after_second_restart_ms = firstAnswerAgain,
                heap_mb_after_snapshot_recovery = Mb(heap),
                delete_ms = delete,
                rows_left = (await JournalSizes(journal, trials)).Rows,
            };
            await again.StopAsync();
        }
        if (!journal.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) && !args.Flag("keep")) DeleteSqlite(journal);
        return new
        {
            benchmark = Name,
            trials,
            slots,
            journal = journal.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) ? "postgresql" : "sqlite",
            snapshot_every = snapshotEvery,
            run,
            memory,
            journal_size = sizes,
            pages,
            views,
            recovery,
            load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null,
        };
    }

    /// <summary>The entities' own recovery times (<c>modelopt.search.recovery</c>), apart from the node's start-up.</summary>
    private sealed class RecoveryTimes : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();

        public RecoveryTimes()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "modelopt.search.recovery") listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<double>((_, value, _, _) => Last = Math.Round(value, 1));
            _listener.Start();
        }

        public double Last { get; private set; }

        public void Dispose() => _listener.Dispose();
    }

    private static int Render(SearchInfo search)
    {
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(TextWriter.Null) });
        console.Write(SearchPanel.Of(search, TimeSpan.FromMinutes(1), 120));
        return search.Trials.Count;
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double Mb(long bytes) => Math.Round(bytes / 1048576.0, 1);

    private static async Task<double> Once<T>(Func<Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        await call();
        return Math.Round(clock.Elapsed.TotalMilliseconds, 1);
    }

    private sealed record Latency(double P50, double P99, long Bytes);

    private static async Task<Latency> Measure(int count, Func<Task<HttpResponseMessage>> send)
    {
        var times = new List<double>(count);
        long bytes = 0;
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await send();
            var body = await response.Content.ReadAsByteArrayAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
            bytes = body.Length;
        }
        return Percentiles(times, bytes);
    }

    private static async Task<Latency> Measure(int count, Func<Task<int>> call)
    {
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            await call();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return Percentiles(times, 0);
    }

    private static Latency Percentiles(List<double> times, long bytes)
    {
        times.Sort();
        double At(double q) => Math.Round(NearestRank.Of(times, q), 2);
        return new Latency(At(0.5), At(0.99), bytes);
    }

    /// <summary>The search's live rows in the journal, their payload bytes per trial, and the database (SQLite file or PostgreSQL table) per trial.</summary>
    private sealed record JournalSize(long Rows, double PayloadBytesPerTrial, double DatabaseBytesPerTrial);

    private static async Task<JournalSize> JournalSizes(string journal, int trials)
    {
        const string pid = $"search-{SearchId}";
        if (journal.StartsWith("Host=", StringComparison.OrdinalIgnoreCase))
        {
            await using var pg = new NpgsqlConnection(journal);
            await pg.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT COUNT(*), COALESCE(SUM(octet_length(message)), 0), pg_total_relation_size('journal') FROM journal WHERE persistence_id = @p AND NOT deleted", pg);
            command.Parameters.AddWithValue("p", pid);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (rows, payload, table) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            return new JournalSize(rows, Math.Round((double)payload / trials, 1), Math.Round((double)table / trials, 1));
        }
        using var sqlite = new SqliteConnection($"Data Source={journal};Pooling=false");
        sqlite.Open();
        using var query = sqlite.CreateCommand();
        query.CommandText = "SELECT COUNT(*), COALESCE(SUM(length(message)), 0) FROM journal WHERE persistence_id = $p AND deleted = 0";
        query.Parameters.AddWithValue("$p", pid);
        using var result = query.ExecuteReader();
        result.Read();
        var (count, bytes) = (result.GetInt64(0), result.GetInt64(1));
        var file = new FileInfo(journal).Length + (File.Exists(journal + "-wal") ? new FileInfo(journal + "-wal").Length : 0);
        return new JournalSize(count, Math.Round((double)bytes / trials, 1), Math.Round((double)file / trials, 1));
    }

    private static async Task<long> SnapshotBytes(string journal)
    {
        const string pid = $"search-{SearchId}";
        if (journal.StartsWith("Host=", StringComparison.OrdinalIgnoreCase))
        {
            await using var pg = new NpgsqlConnection(journal);
            await pg.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT COALESCE(SUM(octet_length(snapshot)), 0) FROM snapshot WHERE persistence_id = @p", pg);
            command.Parameters.AddWithValue("p", pid);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        using var sqlite = new SqliteConnection($"Data Source={journal};Pooling=false");
        sqlite.Open();
        using var query = sqlite.CreateCommand();
        query.CommandText = "SELECT COALESCE(SUM(length(snapshot)), 0) FROM snapshot WHERE persistence_id = $p";
        query.Parameters.AddWithValue("$p", pid);
        return (long)query.ExecuteScalar()!;
    }

    private static void DeleteSqlite(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }

    private static string Spec(int trials, int slots) => BraninSpec.Text("big-search", trials, slots);
}
