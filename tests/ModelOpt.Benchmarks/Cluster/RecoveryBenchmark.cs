using ModelOpt.Search;
using System.Diagnostics;
using System.Text.Json;
using Akka.Actor;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Serialization;
using ModelOpt.Search.Functions;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Benchmarks.Cluster;

/// <summary>
/// How long a search takes to recover: its journal (serialized as the journal stores it) is read back and applied to an
/// empty state, and separately a snapshot of the whole search is read back and restored; then what follows recovery
/// (requeue what was running, grant slots until a new trial is suggested) is timed on its own. The journal is of a
/// search on Hartmann6 with the given searcher, stopped once <c>--trials</c> trials were suggested (a few still
/// running, budget left); building it makes every suggestion once (slow for GP). It can be kept in a file
/// (<c>--journal</c>) so different builds recover the same one.
/// </summary>
public sealed class RecoveryBenchmark : IBenchmark
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public string Name => "recovery";

    public string Usage => "[--searcher gp] [--trials 1000] [--concurrent 4] [--repeats 3] [--journal file (reused when it exists)]";

    public Task<object> RunAsync(BenchmarkArgs args)
    {
        var searcher = args.String("searcher", "gp");
        var trials = args.Int("trials", 1000);
        var concurrent = args.Int("concurrent", 4);
        var repeats = args.Int("repeats", 3);
        var journalFile = args.String("journal", "");
        if (trials < 1 || concurrent < 1 || repeats < 1) throw new UsageException("--trials, --concurrent and --repeats must be at least 1");

        using var system = ActorSystem.Create("recovery-benchmark");
        var serializer = new ModelOptSerializer((ExtendedActorSystem)system);

        var buildSeconds = 0.0;
        List<(string Manifest, byte[] Bytes)> journal;
        if (journalFile.Length > 0 && File.Exists(journalFile))
        {
            journal = JsonSerializer.Deserialize<List<StoredEvent>>(File.ReadAllText(journalFile))!.Select(e => (e.Manifest, Convert.FromBase64String(e.Body))).ToList();
        }
        else
        {
            var clock = Stopwatch.StartNew();
            journal = Build(searcher, trials, concurrent).Select(e => (serializer.Manifest(e), serializer.ToBinary(e))).ToList();
            buildSeconds = clock.Elapsed.TotalSeconds;
            if (journalFile.Length > 0)
                File.WriteAllText(journalFile, JsonSerializer.Serialize(journal.Select(e => new StoredEvent(e.Manifest, Convert.ToBase64String(e.Bytes)))));
        }

        var replay = new List<Timing>();
        var snapshot = new List<Timing>();
        var firstDecision = new List<Timing>();
        SearchState? recovered = null;
        for (var r = 0; r < repeats; r++)
        {
            replay.Add(Timing.Of(() => recovered = journal.Aggregate(SearchState.Empty("s1", SearchCatalog.BuiltIn), (s, e) => s.Apply((ISearchEvent)serializer.FromBinary(e.Bytes, e.Manifest)))));
            var stored = recovered!.ToSnapshot();
            var bytes = serializer.ToBinary(stored);
            var manifest = serializer.Manifest(stored);
            snapshot.Add(Timing.Of(() => recovered = SearchState.FromSnapshot((SearchStateSnapshot)serializer.FromBinary(bytes, manifest), SearchCatalog.BuiltIn)));
            firstDecision.Add(Timing.Of(() =>
            {
                var state = recovered!.DecideRecovered(T0).State;
                var suggested = false;
                while (!suggested && state.SlotsWanted(T0) > 0)
                {
                    var decision = state.DecideSlot("node-a", "cpu#0", T0).Decision;
                    suggested = decision.Events.Any(e => e is TrialSuggested);
                    state = decision.State;
                }
                if (!suggested) throw new InvalidOperationException("the recovered search suggested nothing; its journal holds a finished search");
            }));
        }
        return Task.FromResult<object>(new
        {
            Searcher = searcher,
            Trials = recovered!.Trials.Count,
            Events = journal.Count,
            JournalBytes = journal.Sum(e => e.Bytes.Length),
            BuildSeconds = Math.Round(buildSeconds, 1),
            Repeats = repeats,
            ReplaySeconds = Timing.Median(replay),
            SnapshotSeconds = Timing.Median(snapshot),
            UntilNextSuggestionSeconds = Timing.Median(firstDecision),
            LoadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "",
        });
    }

    /// <summary>Runs a search until <paramref name="trials"/> trials were suggested: every free slot gets a trial, the oldest running one reports and completes.</summary>
    private static List<ISearchEvent> Build(string searcher, int trials, int concurrent)
    {
        var function = new Hartmann6();
        var spec = $$"""
            apiVersion: modelopt/v1
            name: recovery-benchmark
            seed: 3
            objective: {metric: value, mode: min}
            space: {{{string.Join(", ", Enumerable.Range(0, 6).Select(i => $"x{i}: {{type: float, low: 0, high: 1}}"))}}}
            searcher: {{searcher}}
            budget: {maxTrials: {{trials + 100}}, maxConcurrent: {{concurrent}}, maxEpochsPerTrial: 1}
            workload: {kind: function, function: hartmann6}
            """;
        var journal = new List<ISearchEvent>();
        var decision = SearchState.Empty("s1", SearchCatalog.BuiltIn).DecideSubmit(spec, T0);
        journal.AddRange(decision.Events);
        var state = decision.State;
        while (state.Trials.Count < trials)
        {
            while (state.SlotsWanted(T0) > 0 && state.Trials.Count < trials)
            {
                decision = state.DecideSlot("node-a", "cpu#0", T0).Decision;
                journal.AddRange(decision.Events);
                state = decision.State;
            }
            var trial = state.Trials.First(t => t.Phase == TrialPhase.Running);
            var metrics = new Dictionary<string, double> { ["value"] = function.Evaluate(trial.Config) };
            foreach (var step in new Func<SearchState, SearchDecision>[]
            {
                s => s.DecideReport(trial.Id, trial.Attempts, new EpochReport(1, metrics, 0.1), T0),
                s => s.DecideCompleted(trial.Id, trial.Attempts, metrics, T0),
            })
            {
                decision = step(state);
                journal.AddRange(decision.Events);
                state = decision.State;
            }
        }
        return journal;
    }

    private sealed record StoredEvent(string Manifest, string Body);

    /// <summary>Wall and process CPU seconds of one run.</summary>
    private sealed record Timing(double Wall, double Cpu)
    {
        public static Timing Of(Action action)
        {
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            action();
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            return new Timing(wall, (process.TotalProcessorTime - cpu).TotalSeconds);
        }

        public static object Median(List<Timing> runs)
        {
            static double Middle(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
            return new { Wall = Math.Round(Middle(runs.Select(t => t.Wall)), 3), Cpu = Math.Round(Middle(runs.Select(t => t.Cpu)), 3) };
        }
    }
}
