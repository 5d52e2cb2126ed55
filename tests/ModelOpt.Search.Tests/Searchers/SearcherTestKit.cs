using ModelOpt.Search.Functions;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Spaces;
using Xunit;

namespace ModelOpt.Search.Tests.Searchers;

/// <summary>Shared drivers for searcher tests: sequential runs, seeded medians, and the contract every searcher keeps.</summary>
internal static class SearcherTestKit
{
    public static readonly Objective Minimize = new("loss", ObjectiveMode.Min);

    public static ISearcher Create(string name, SearchSpace space, ulong seed, Dictionary<string, object?>? options = null, int maxEpochs = 1, int maxTrials = 100) =>
        SearcherCatalog.BuiltIn.Create(name, new SearcherContext(space, Minimize, seed, new AlgorithmOptions("searcher", options ?? new()), maxEpochs, maxTrials));

    /// <summary>Suggest, evaluate, complete, one trial at a time; the best loss found.</summary>
    public static double BestOf(ISearcher searcher, Func<Config, double> loss, int trials)
    {
        var best = double.PositiveInfinity;
        for (var t = 0; t < trials; t++)
        {
            var config = searcher.SuggestAndAccept($"t{t}")!;
            var value = loss(config);
            best = Math.Min(best, value);
            searcher.OnComplete($"t{t}", TrialOutcome.Completed(value));
        }
        return best;
    }

    public static double MedianBest(string name, SearchSpace space, Func<Config, double> loss, int trials, int seeds, Dictionary<string, object?>? options = null)
    {
        var results = Enumerable.Range(0, seeds).Select(s => BestOf(Create(name, space, (ulong)(100 + s), options), loss, trials)).OrderBy(v => v).ToList();
        return results[seeds / 2];
    }

    /// <summary>Same seed and same calls give the same suggestions.</summary>
    public static void AssertDeterministic(string name, ITestFunction function, int trials, Dictionary<string, object?>? options = null)
    {
        List<Config> Run()
        {
            var searcher = Create(name, function.Space, 42, options is null ? null : new(options));
            var configs = new List<Config>();
            for (var t = 0; t < trials; t++)
            {
                var config = searcher.SuggestAndAccept($"t{t}")!;
                configs.Add(config);
                searcher.OnComplete($"t{t}", TrialOutcome.Completed(function.Evaluate(config)));
            }
            return configs;
        }
        Assert.Equal(Run(), Run());
    }

    /// <summary>
    /// Suggestions with <paramref name="inFlight"/> trials running at once, the oldest finishing first, so every
    /// suggestion after the first batch is made with <paramref name="inFlight"/> − 1 trials pending.
    /// </summary>
    public static List<Config> RunInFlight(ISearcher searcher, Func<Config, double> loss, int trials, int inFlight)
    {
        var configs = new List<Config>();
        var running = new Queue<(string Id, Config Config)>();
        for (var t = 0; t < trials; t++)
        {
            if (running.Count == inFlight)
            {
                var (id, done) = running.Dequeue();
                searcher.OnComplete(id, TrialOutcome.Completed(loss(done)));
            }
            var config = searcher.SuggestAndAccept($"t{t}")!;
            configs.Add(config);
            running.Enqueue(($"t{t}", config));
        }
        return configs;
    }

    /// <summary>Results of a batch of parallel trials arriving in opposite orders lead to the same next suggestion.</summary>
    public static void AssertOrderIndependent(string name, ITestFunction function, int batch, Dictionary<string, object?>? options = null)
    {
        Config Next(bool reversed)
        {
            var searcher = Create(name, function.Space, 9, options is null ? null : new(options));
            var configs = Enumerable.Range(0, batch).Select(t => searcher.SuggestAndAccept($"t{t}")!).ToList();
            var order = Enumerable.Range(0, batch).ToList();
            if (reversed) order.Reverse();
            foreach (var t in order) searcher.OnComplete($"t{t}", TrialOutcome.Completed(function.Evaluate(configs[t])));
            return searcher.SuggestAndAccept("next")!;
        }
        Assert.Equal(Next(false), Next(true));
    }

    /// <summary>A layered architecture space: per-layer parameters exist only up to <c>depth</c>, momentum only for sgd.</summary>
    public static SearchSpace LayeredSpace() => new([
        new ParameterDefinition("depth", new IntDomain(1, 3)),
        new ParameterDefinition("layers[0].units", new IntDomain(8, 256, Log: true), [ParameterCondition.AtLeast("depth", 1)]),
        new ParameterDefinition("layers[1].units", new IntDomain(8, 256, Log: true), [ParameterCondition.AtLeast("depth", 2)]),
        new ParameterDefinition("layers[2].units", new IntDomain(8, 256, Log: true), [ParameterCondition.AtLeast("depth", 3)]),
        new ParameterDefinition("layers[2].activation", new CategoricalDomain([ParameterValue.String("relu"), ParameterValue.String("tanh")]), [ParameterCondition.AtLeast("depth", 3)]),
        new ParameterDefinition("optimizer", new CategoricalDomain([ParameterValue.String("sgd"), ParameterValue.String("adam")])),
        new ParameterDefinition("momentum", new FloatDomain(0, 0.99), [ParameterCondition.In("optimizer", ParameterValue.String("sgd"))]),
        new ParameterDefinition("lr", new FloatDomain(1e-4, 1, Log: true, Step: null)),
        new ParameterDefinition("dropout", new FloatDomain(0, 0.5, Step: 0.1)),
    ]);

    /// <summary>Prefers depth 3 with 64 units everywhere, adam and lr near 0.01; every fourth trial fails.</summary>
    public static void AssertConditionalAndFailureSafe(string name, int trials, Dictionary<string, object?>? options = null, int maxEpochs = 1)
    {
        var space = LayeredSpace();
        var searcher = Create(name, space, 5, options, maxEpochs);
        var sawDeep = false;
        var sawShallow = false;
        for (var t = 0; t < trials; t++)
        {
            var config = searcher.SuggestAndAccept($"t{t}")!;
            Assert.Equal(config, space.Repair(config, (p, _) => throw new Xunit.Sdk.XunitException($"active parameter {p.Name} missing from {config}")));
            sawDeep |= config.GetInt("depth") == 3;
            sawShallow |= config.GetInt("depth") == 1;
            if (t % 4 == 3)
            {
                searcher.OnReport($"t{t}", 1, double.NaN);
                searcher.OnComplete($"t{t}", TrialOutcome.Failed());
                continue;
            }
            var loss = (3 - config.GetInt("depth")) + (config.GetString("optimizer") == "adam" ? 0 : 1) + Math.Abs(Math.Log10(config.GetDouble("lr")) + 2)
                + config.Where(kv => kv.Key.EndsWith(".units", StringComparison.Ordinal)).Sum(kv => Math.Abs(Math.Log2(kv.Value.AsInt() / 64.0)));
            searcher.OnReport($"t{t}", maxEpochs, loss);
            searcher.OnComplete($"t{t}", TrialOutcome.Completed(loss, maxEpochs));
        }
        Assert.True(sawDeep && sawShallow, "suggestions should cover both shallow and deep networks");
    }

    /// <summary>
    /// A toy architecture: up to four layers, each choosing one of four operations, and a width. The loss counts
    /// the positions that differ from a hidden target (conv3, pool, conv5, skip at width 64); missing layers count as wrong.
    /// </summary>
    public static (SearchSpace Space, Func<Config, double> Loss) ArchitectureToy()
    {
        ParameterValue[] ops = [ParameterValue.String("conv3"), ParameterValue.String("conv5"), ParameterValue.String("pool"), ParameterValue.String("skip")];
        string[] target = ["conv3", "pool", "conv5", "skip"];
        var parameters = new List<ParameterDefinition>
        {
            new("depth", new IntDomain(1, 4)),
            new("width", new CategoricalDomain([ParameterValue.Int(16), ParameterValue.Int(32), ParameterValue.Int(64), ParameterValue.Int(128)])),
        };
        for (var i = 0; i < 4; i++) parameters.Add(new($"layers[{i}].op", new CategoricalDomain(ops), [ParameterCondition.AtLeast("depth", i + 1)]));
        double Loss(Config c) =>
            Enumerable.Range(0, 4).Count(i => c.GetString($"layers[{i}].op", "") != target[i]) + (c.GetInt("width") == 64 ? 0 : 1);
        return (new SearchSpace(parameters), Loss);
    }

    public static void AssertRejects(string name, Dictionary<string, object?> options, string path)
    {
        var e = Assert.Throws<SpecException>(() => Create(name, new Branin().Space, 1, options));
        Assert.Contains(e.Errors, error => error.Path == path);
    }
}
