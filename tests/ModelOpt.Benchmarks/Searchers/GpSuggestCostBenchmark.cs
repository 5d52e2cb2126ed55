using System.Diagnostics;
using System.Globalization;
using ModelOpt.Search;
using ModelOpt.Search.Functions;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Benchmarks.Searchers;

/// <summary>
/// Milliseconds per <c>gp</c> suggestion once it holds a given number of observations: the first N trials are the
/// searcher's own random start-up (<c>nStartupTrials</c> = N), then each timed suggestion is observed before the next.
/// Each suggestion's process CPU time is measured too (<see cref="Environment.CpuUsage"/>): a machine busy with other
/// work distorts it less than wall time. The hyperparameters are refitted on a schedule (every result up to 40, then
/// each time the results grew by a tenth), so most suggestions reuse a fit: the median is a suggestion without a fit,
/// the mean spreads the fits over the run, and <c>first_*</c> is the first timed suggestion, which always fits.
/// With <c>--in-flight</c> q, every timed suggestion is made with q − 1 trials pending (the oldest completes after it),
/// which is where a pending strategy such as <c>hedge</c> does its extra work.
/// </summary>
public sealed class GpSuggestCostBenchmark : IBenchmark
{
    public string Name => "gp-suggest-cost";

    public string Usage => "[--observations 100,1000,5000] [--repeats 30] [--in-flight 1] [--function hartmann6] [--options k=v,...]";

    public Task<object> RunAsync(BenchmarkArgs args)
    {
        var counts = args.String("observations", "100,1000,5000").Split(',')
            .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 2 ? n : throw new UsageException($"--observations must list integers ≥ 2, got '{s}'"))
            .ToList();
        var repeats = args.Int("repeats", 30);
        if (repeats < 1) throw new UsageException("--repeats must be at least 1");
        var inFlight = args.Int("in-flight", 1);
        if (inFlight < 1) throw new UsageException("--in-flight must be at least 1");
        var function = TestFunctions.Create(args.String("function", "hartmann6"));
        var extra = SearcherOptionsArgument.Values(args);
        // Untimed first: the JIT's first, unoptimized tier of the fit would otherwise be charged to the first count.
        Measure(function, extra, 50, 10, inFlight);
        var rows = counts.Select(n => Measure(function, extra, n, repeats, inFlight)).ToList();
        return Task.FromResult<object>(new
        {
            Searcher = "gp", Function = function.Name, Options = args.String("options", ""), Repeats = repeats, InFlight = inFlight, Results = rows,
            LoadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "",
        });
    }

    private static object Measure(ITestFunction function, IReadOnlyDictionary<string, object?> extra, int observations, int repeats, int inFlight)
    {
        var values = new Dictionary<string, object?>(extra) { ["nStartupTrials"] = (long)observations };
        var searcher = SearcherCatalog.BuiltIn.Create("gp", new SearcherContext(function.Space, new Objective("value", ObjectiveMode.Min), 1, new AlgorithmOptions("searcher", values)));
        for (var t = 0; t < observations; t++) Observe(searcher, function, $"startup-{t}");
        var pending = new Queue<(string Id, Config Config)>();
        for (var t = 1; t < inFlight; t++) pending.Enqueue(Suggest(searcher, $"pending-{t}"));
        var wall = new List<double>();
        var cpu = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var start = Stopwatch.GetTimestamp();
            pending.Enqueue(Suggest(searcher, $"timed-{r}"));
            var (id, config) = pending.Dequeue();
            searcher.OnComplete(id, TrialOutcome.Completed(function.Evaluate(config)));
            wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            cpu.Add((Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds);
        }
        return new
        {
            Observations = observations,
            MedianMs = Math.Round(Median(wall), 1),
            MedianCpuMs = Math.Round(Median(cpu), 1),
            MeanMs = Math.Round(wall.Average(), 1),
            MeanCpuMs = Math.Round(cpu.Average(), 1),
            FirstMs = Math.Round(wall[0], 1),
            FirstCpuMs = Math.Round(cpu[0], 1),
        };
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static void Observe(ISearcher searcher, ITestFunction function, string trialId)
    {
        var (_, config) = Suggest(searcher, trialId);
        searcher.OnComplete(trialId, TrialOutcome.Completed(function.Evaluate(config)));
    }

    private static (string Id, Config Config) Suggest(ISearcher searcher, string trialId) =>
        (trialId, searcher.SuggestAndAccept(trialId) ?? throw new InvalidOperationException("gp stopped suggesting"));
}
