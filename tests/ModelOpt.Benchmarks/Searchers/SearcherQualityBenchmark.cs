using System.Diagnostics;
using ModelOpt.Search;
using ModelOpt.Search.Functions;
using ModelOpt.Search.Searchers;

namespace ModelOpt.Benchmarks.Searchers;

/// <summary>
/// Regret (best value found − known optimum) of a registered searcher on test functions, over several seeds. With
/// <c>--concurrent</c> q, q trials are in flight at once, as on q workers: each trial takes a random time (uniform in
/// [0.5, 1.5], drawn from the seed) and a new one is suggested as soon as one finishes, so the searcher always
/// suggests with q − 1 results still pending. <c>--function suite</c> runs the whole suite of docs/benchmarks.md.
/// </summary>
public sealed class SearcherQualityBenchmark : IBenchmark
{
    public string Name => "searcher-quality";

    public string Usage => $"--function suite|<name>[,<name>...] ({string.Join(", ", TestFunctions.Suite)}) --searcher <name> [--trials 100] [--seeds 10] [--first-seed 1] [--concurrent 1] [--dimensions n] [--options k=v,...]";

    public Task<object> RunAsync(BenchmarkArgs args)
    {
        var functionNames = args.String("function", "hartmann6");
        var searcherName = args.String("searcher", "tpe");
        var trials = args.Int("trials", 100);
        var seeds = args.Int("seeds", 10);
        var firstSeed = args.Int("first-seed", 1);
        var concurrent = args.Int("concurrent", 1);
        var dimensions = args.Int("dimensions", 0);
        var inFlightFrom = args.Int("in-flight-from", 0);
        var inFlightUntil = args.Int("in-flight-until", int.MaxValue);
        if (!SearcherCatalog.BuiltIn.Contains(searcherName))
            throw new UsageException($"--searcher '{searcherName}' is unknown; known: {string.Join(", ", SearcherCatalog.BuiltIn.Names)}");
        if (trials < 1 || seeds < 1 || concurrent < 1 || firstSeed < 1) throw new UsageException("--trials, --seeds, --first-seed and --concurrent must be at least 1");
        var names = functionNames == "suite" ? TestFunctions.Suite : functionNames.Split(',', StringSplitOptions.TrimEntries);
        var functions = new List<ITestFunction>();
        foreach (var name in names)
        {
            try { functions.Add(TestFunctions.Create(name, dimensions > 0 ? dimensions : null)); }
            catch (ArgumentException e) { throw new UsageException($"--function: {e.Message}"); }
        }

        var results = functions.Select(function =>
        {
            var clock = Stopwatch.StartNew();
            var regrets = new double[seeds];
            for (var s = 0; s < seeds; s++)
            {
                var seed = (ulong)(firstSeed + s);
                var searcher = SearcherOptionsArgument.CreateSearcher(args, searcherName, function.Space, seed);
                regrets[s] = Run(searcher, function, trials, concurrent, seed, inFlightFrom, inFlightUntil) - function.KnownMinimum;
            }
            return new FunctionResult(function.Name, Median(regrets), regrets.Average(), regrets, Math.Round(clock.Elapsed.TotalSeconds, 2));
        }).ToList();
        return Task.FromResult<object>(new SearcherQualityResult(searcherName, args.String("options", ""), trials, seeds, firstSeed, concurrent,
            File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "", results));
    }

    /// <summary>The best value found in <paramref name="trials"/> trials with <paramref name="concurrent"/> in flight.</summary>
    public static double Run(ISearcher searcher, ITestFunction function, int trials, int concurrent, ulong seed, int inFlightFrom = 0, int inFlightUntil = int.MaxValue)
    {
        var durations = DeterministicRandom.Derive(seed, "trial-durations");
        var running = new PriorityQueue<(string Id, double Value), (double End, int Order)>();
        var best = double.PositiveInfinity;
        var now = 0.0;
        var started = 0;
        while (started < trials || running.Count > 0)
        {
            while (started < trials && running.Count < (started >= inFlightFrom && started < inFlightUntil ? concurrent : 1))
            {
                var id = $"t{started + 1:D4}";
                if (searcher.SuggestAndAccept(id) is not { } config) { started = trials; break; }
                running.Enqueue((id, function.Evaluate(config)), (now + durations.Uniform(0.5, 1.5), started++));
            }
            if (!running.TryDequeue(out var done, out var at)) break;
            now = at.End;
            searcher.OnComplete(done.Id, TrialOutcome.Completed(done.Value));
            best = Math.Min(best, done.Value);
        }
        return best;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

public sealed record FunctionResult(string Function, double MedianRegret, double MeanRegret, double[] PerSeedRegret, double Seconds);

public sealed record SearcherQualityResult(
    string Searcher, string Options, int Trials, int Seeds, int FirstSeed, int Concurrent, string LoadAverage, IReadOnlyList<FunctionResult> Results);
