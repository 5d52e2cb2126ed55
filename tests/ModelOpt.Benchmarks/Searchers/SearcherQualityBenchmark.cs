using System.Diagnostics;
using ModelOpt.Search;
using ModelOpt.Search.Functions;
using ModelOpt.Search.Searchers;

namespace ModelOpt.Benchmarks.Searchers;

/// <summary>
/// Regret (best value found − known optimum) of a registered searcher on a test function, sequential ask/observe,
/// over several seeds.
/// </summary>
public sealed class SearcherQualityBenchmark : IBenchmark
{
    public string Name => "searcher-quality";

    public string Usage => "--function hartmann6|branin|rosenbrock --searcher <name> [--trials 100] [--seeds 10] [--dimensions 2] [--options k=v,...]";

    public Task<object> RunAsync(BenchmarkArgs args)
    {
        var functionName = args.String("function", "hartmann6");
        var searcherName = args.String("searcher", "tpe");
        var trials = args.Int("trials", 100);
        var seeds = args.Int("seeds", 10);
        var dimensions = args.Int("dimensions", 2);
        var optionsText = args.String("options", "");
        if (!SearcherRegistry.Exists(searcherName))
            throw new UsageException($"--searcher '{searcherName}' is unknown; known: {string.Join(", ", SearcherRegistry.Names)}");
        if (trials < 1 || seeds < 1) throw new UsageException("--trials and --seeds must be at least 1");
        ITestFunction function;
        try { function = TestFunctions.Create(functionName, dimensions); }
        catch (ArgumentException e) { throw new UsageException($"--function: {e.Message}"); }

        var regrets = new double[seeds];
        var clock = Stopwatch.StartNew();
        for (var s = 0; s < seeds; s++)
        {
            var searcher = SearcherOptionsArgument.CreateSearcher(args, searcherName, function.Space, (ulong)(s + 1));
            var best = double.PositiveInfinity;
            for (var t = 0; t < trials; t++)
            {
                var id = $"trial-{t}";
                if (searcher.SuggestAndAccept(id) is not { } config) break;
                var value = function.Evaluate(config);
                searcher.OnComplete(id, TrialOutcome.Completed(value));
                best = Math.Min(best, value);
            }
            regrets[s] = best - function.KnownMinimum;
        }
        var sorted = regrets.Order().ToArray();
        var median = seeds % 2 == 1 ? sorted[seeds / 2] : (sorted[seeds / 2 - 1] + sorted[seeds / 2]) / 2;
        return Task.FromResult<object>(new SearcherQualityResult(
            function.Name, searcherName, optionsText, trials, seeds, median, regrets.Average(), regrets, clock.Elapsed.TotalSeconds));
    }
}

public sealed record SearcherQualityResult(
    string Function, string Searcher, string Options, int Trials, int Seeds,
    double MedianRegret, double MeanRegret, double[] PerSeedRegret, double Seconds);
