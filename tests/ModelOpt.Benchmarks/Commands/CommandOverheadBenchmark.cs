using System.Diagnostics;
using ModelOpt.Search;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Command;

namespace ModelOpt.Benchmarks.Commands;

/// <summary>
/// What the <c>command</c> workload itself costs, with trivial <c>/bin/sh</c> trainers: wall time per trial (start,
/// config file, one report, exit, group clean-up), metrics lines read per second, and how long stopping a running
/// trial takes (cancel to return, with a background child in the group).
/// </summary>
public sealed class CommandOverheadBenchmark : IBenchmark
{
    public string Name => "command-overhead";
    public string Usage => "[--trials 50] [--lines 20000] [--stops 10]";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        var trials = args.Int("trials", 50);
        var lines = args.Int("lines", 20_000);
        var stops = args.Int("stops", 10);
        var logDir = Directory.CreateTempSubdirectory("mopt-command-bench-").FullName;
        try
        {
            var perTrial = await TimeTrials(logDir, trials);
            var linesPerSecond = await ReadLines(logDir, lines);
            var stopTimes = await TimeStops(logDir, stops);
            return new
            {
                benchmark = Name,
                trials,
                trial_ms_median = Percentile(perTrial, 0.5),
                trial_ms_p95 = Percentile(perTrial, 0.95),
                lines,
                lines_per_second = Math.Round(linesPerSecond),
                stops,
                stop_ms_median = Percentile(stopTimes, 0.5),
                stop_ms_max = stopTimes.Max(),
            };
        }
        finally
        {
            Directory.Delete(logDir, recursive: true);
        }
    }

    private static CommandWorkload Shell(string logDir, string script) =>
        CommandWorkload.Create(new AlgorithmOptions("workload", new Dictionary<string, object?>
        {
            ["command"] = new List<object?> { script },
            ["shell"] = true,
            ["logDir"] = logDir,
        }));

    private static TrialContext Trial(int index) => new("bench", $"t{index}", Config.Empty, MaxEpochs: 1, Seed: (ulong)index);

    private static async Task<List<double>> TimeTrials(string logDir, int trials)
    {
        var workload = Shell(logDir, """echo '{"epoch": 1, "loss": 1}'""");
        var times = new List<double>();
        for (var i = 0; i < trials; i++)
        {
            var clock = Stopwatch.StartNew();
            var reports = 0;
            await workload.RunAsync(Trial(i), _ => reports++, CancellationToken.None);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (reports != 1) throw new InvalidOperationException($"trial {i} reported {reports} epochs, expected 1");
        }
        return times;
    }

    private static async Task<double> ReadLines(string logDir, int lines)
    {
        var workload = Shell(logDir, $$$"""awk 'BEGIN { for (e = 1; e <= {{{lines}}}; e++) printf "{\"epoch\": %d, \"metrics\": {\"loss\": 0.5, \"val_accuracy\": 0.9}}\n", e }'""");
        var received = 0;
        var clock = Stopwatch.StartNew();
        await workload.RunAsync(Trial(0), _ => received++, CancellationToken.None);
        if (received != lines) throw new InvalidOperationException($"read {received} reports of {lines}");
        return lines / clock.Elapsed.TotalSeconds;
    }

    private static async Task<List<double>> TimeStops(string logDir, int stops)
    {
        var workload = Shell(logDir, """sleep 300 & echo '{"epoch": 1, "loss": 1}'; wait""");
        var times = new List<double>();
        for (var i = 0; i < stops; i++)
        {
            using var stop = new CancellationTokenSource();
            var clock = new Stopwatch();
            try
            {
                await workload.RunAsync(Trial(i), _ => { clock.Start(); stop.Cancel(); }, stop.Token);
                throw new InvalidOperationException("the trial was not stopped");
            }
            catch (OperationCanceledException)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        return times;
    }

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return Math.Round(sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))], 2);
    }
}
