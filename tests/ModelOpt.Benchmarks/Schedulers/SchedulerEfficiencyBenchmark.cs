using ModelOpt.Search;
using ModelOpt.Search.Functions;
using ModelOpt.Search.Schedulers;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Benchmarks.Schedulers;

/// <summary>
/// FIFO vs ASHA vs Hyperband on simulated learning curves: the same random configurations run on a pool of workers
/// in simulated time (one time unit per epoch, results arriving asynchronously), so rung decisions see only what has
/// finished. Reports epochs consumed, the best accuracy of trials that ran to the end, and the makespan.
/// </summary>
public sealed class SchedulerEfficiencyBenchmark : IBenchmark
{
    private static readonly string[] Schedulers = ["fifo", "asha", "hyperband"];

    public string Name => "scheduler-efficiency";

    public string Usage => "[--trials 81] [--max-epochs 27] [--workers 8] [--seeds 5] [--tolerance 0.005] [--grace G] [--reduction-factor RF] [--recheck true|false] (ASHA's and Hyperband's own defaults unless given)";

    public Task<object> RunAsync(BenchmarkArgs args)
    {
        var trials = args.Int("trials", 81);
        var maxEpochs = args.Int("max-epochs", 27);
        var workers = args.Int("workers", 8);
        var seeds = args.Int("seeds", 5);
        var tolerance = args.Double("tolerance", 0.005);
        var options = new Dictionary<string, object?>();
        if (args.Flag("grace")) options["gracePeriod"] = (long)args.Int("grace", 0);
        if (args.Flag("reduction-factor")) options["reductionFactor"] = args.Double("reduction-factor", 0);
        if (args.Flag("recheck")) options["recheck"] = args.String("recheck", "true") == "true";
        if (trials < 1 || maxEpochs < 2 || workers < 1 || seeds < 1) throw new UsageException("--trials, --workers, --seeds ≥ 1 and --max-epochs ≥ 2");

        var perSeed = new List<Dictionary<string, object>>();
        var ratios = new List<double>();
        var hyperbandRatios = new List<double>();
        int reached = 0, reachedCheaply = 0, hyperbandReached = 0;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var configs = SampleConfigs(trials, (ulong)seed);
            var simulator = new LearningCurveSimulator();
            var curves = configs.Select(c => simulator.Curve(c, maxEpochs, (ulong)seed)).ToList();
            var runs = Schedulers.ToDictionary(s => s, s => Simulate(s, s == "fifo" ? null : options, configs, curves, maxEpochs, workers, (ulong)seed));
            var fifo = runs["fifo"];
            var asha = runs["asha"];
            var ashaReaches = asha.BestFinal >= fifo.BestFinal - tolerance;
            if (ashaReaches) reached++;
            if (ashaReaches && 3 * asha.Epochs <= fifo.Epochs) reachedCheaply++;
            if (runs["hyperband"].BestFinal >= fifo.BestFinal - tolerance) hyperbandReached++;
            ratios.Add((double)asha.Epochs / fifo.Epochs);
            hyperbandRatios.Add((double)runs["hyperband"].Epochs / fifo.Epochs);
            perSeed.Add(runs.ToDictionary(kv => kv.Key, kv => (object)kv.Value));
        }
        ratios.Sort();
        hyperbandRatios.Sort();
        return Task.FromResult<object>(new
        {
            trials, max_epochs = maxEpochs, workers, seeds, tolerance, scheduler_options = options,
            asha_reached_fifo_best_in = $"{reached}/{seeds}",
            asha_reached_it_within_a_third_of_fifo_epochs_in = $"{reachedCheaply}/{seeds}",
            median_asha_epoch_fraction = ratios[ratios.Count / 2],
            max_asha_epoch_fraction = ratios[^1],
            hyperband_reached_fifo_best_in = $"{hyperbandReached}/{seeds}",
            median_hyperband_epoch_fraction = hyperbandRatios[hyperbandRatios.Count / 2],
            per_seed = perSeed,
        });
    }

    public sealed record Run(int Epochs, double BestFinal, double BestSeen, int Stopped, int Makespan);

    private static List<Config> SampleConfigs(int trials, ulong seed)
    {
        var searcher = new RandomSearcher(new SearcherContext(LearningCurveSimulator.Space, new Objective("accuracy", ObjectiveMode.Max), seed, AlgorithmOptions.None("searcher")));
        return Enumerable.Range(0, trials).Select(i => searcher.SuggestAndAccept($"t{i}")!).ToList();
    }

    private static Run Simulate(string name, Dictionary<string, object?>? options, List<Config> configs, List<double[]> curves, int maxEpochs, int workers, ulong seed)
    {
        var scheduler = SchedulerCatalog.BuiltIn.Create(name, new SchedulerContext(LearningCurveSimulator.Space, new Objective("accuracy", ObjectiveMode.Max), seed, new AlgorithmOptions("scheduler", options), maxEpochs));
        // (time of the next epoch report, trial) for running trials; ties resolved by trial index for determinism.
        var running = new PriorityQueue<(int Trial, int Epoch), (int Time, int Trial)>();
        var next = 0;
        int epochs = 0, stopped = 0, makespan = 0;
        double bestFinal = 0, bestSeen = 0;
        void Start(int time)
        {
            if (next >= configs.Count) return;
            scheduler.OnTrialStart($"t{next}", configs[next]);
            running.Enqueue((next, 1), (time + 1, next));
            next++;
        }
        for (var w = 0; w < workers; w++) Start(0);
        while (running.TryDequeue(out var item, out var at))
        {
            var (trial, epoch) = item;
            epochs++;
            makespan = Math.Max(makespan, at.Time);
            var value = curves[trial][epoch - 1];
            bestSeen = Math.Max(bestSeen, value);
            var decision = scheduler.OnReport($"t{trial}", new TrialReport(epoch, value));
            if (epoch == maxEpochs || decision.Kind == DecisionKind.Stop)
            {
                if (epoch == maxEpochs) bestFinal = Math.Max(bestFinal, value);
                else stopped++;
                scheduler.OnTrialEnd($"t{trial}", epoch == maxEpochs ? TrialStatus.Completed : TrialStatus.Stopped);
                Start(at.Time);
            }
            else
            {
                running.Enqueue((trial, epoch + 1), (at.Time + 1, trial));
            }
        }
        return new Run(epochs, Math.Round(bestFinal, 4), Math.Round(bestSeen, 4), stopped, makespan);
    }
}
