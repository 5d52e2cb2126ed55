using System.Diagnostics;
using System.Globalization;
using ModelOpt.Search;
using ModelOpt.Search.Functions;
using ModelOpt.Search.Searchers;

namespace ModelOpt.Benchmarks.Searchers;

/// <summary>
/// Milliseconds per <c>gp</c> suggestion once it holds a given number of observations: the first N trials are the
/// searcher's own random start-up (<c>nStartupTrials</c> = N), then each timed suggestion is observed before the next.
/// Process CPU time per suggestion is reported too: a machine busy with other work distorts it less than wall time.
/// </summary>
public sealed class GpSuggestCostBenchmark : IBenchmark
{
    public string Name => "gp-suggest-cost";

    public string Usage => "[--observations 100,300] [--repeats 5] [--function hartmann6|branin|rosenbrock]";

    public Task<object> RunAsync(BenchmarkArgs args)
    {
        var counts = args.String("observations", "100,300").Split(',')
            .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 2 ? n : throw new UsageException($"--observations must list integers ≥ 2, got '{s}'"))
            .ToList();
        var repeats = args.Int("repeats", 5);
        if (repeats < 1) throw new UsageException("--repeats must be at least 1");
        var function = TestFunctions.Create(args.String("function", "hartmann6"));
        // Untimed first: the JIT's first, unoptimized tier of the fit would otherwise be charged to the first count.
        Measure(function, 50, 10);
        var rows = counts.Select(n => Measure(function, n, repeats)).ToList();
        return Task.FromResult<object>(new { Searcher = "gp", Function = function.Name, Repeats = repeats, Results = rows });
    }

    private static object Measure(ITestFunction function, int observations, int repeats)
    {
        var options = new AlgorithmOptions("searcher", new Dictionary<string, object?> { ["nStartupTrials"] = (long)observations });
        var searcher = SearcherRegistry.Create("gp", new SearcherContext(function.Space, new Objective("value", ObjectiveMode.Min), 1, options));
        for (var t = 0; t < observations; t++) Observe(searcher, function, $"startup-{t}");
        var milliseconds = new List<double>();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        for (var r = 0; r < repeats; r++)
        {
            var start = Stopwatch.GetTimestamp();
            Observe(searcher, function, $"timed-{r}");
            milliseconds.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / repeats;
        milliseconds.Sort();
        return new
        {
            Observations = observations,
            MedianMsPerSuggest = Math.Round(milliseconds[repeats / 2], 1),
            MinMs = Math.Round(milliseconds[0], 1),
            MaxMs = Math.Round(milliseconds[^1], 1),
            CpuMsPerSuggest = Math.Round(cpuMs, 1),
        };
    }

    private static void Observe(ISearcher searcher, ITestFunction function, string trialId)
    {
        var config = searcher.SuggestAndAccept(trialId) ?? throw new InvalidOperationException("gp stopped suggesting");
        searcher.OnComplete(trialId, TrialOutcome.Completed(function.Evaluate(config)));
    }
}
