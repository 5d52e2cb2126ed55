using ModelOpt.Faults.Lab;
using ModelOpt.Faults.Schedule;
using ModelOpt.Faults.Soak;

namespace ModelOpt.Benchmarks.Faults;

/// <summary>
/// The chaos soak of issue 13 (<see cref="ChaosSoak"/>): 4 nodes on separate network hosts, searches of short trials
/// for the whole run, a seeded schedule of kill -9 / restart / partition / heal / latency / loss; one JSON line with the
/// faults, requeued trials, duplicates and lost results (both must be 0) and each recovery's time. Needs root
/// (network namespaces). Progress goes to stderr.
/// </summary>
public sealed class ChaosSoakBenchmark : IBenchmark
{
    public string Name => "chaos-soak";

    public string Usage => "[--minutes 10] [--seed 42] [--min-trials 300] [--trials-per-search 60] [--epoch-seconds 1] [--schedule file.json] [--dir DIR: keep logs and journal there]";

    public async Task<object> RunAsync(BenchmarkArgs args)
    {
        if (NetworkLab.Unavailable() is { } reason) throw new UsageException($"needs network namespaces: {reason}");
        var schedule = args.String("schedule", "") is { Length: > 0 } path ? FaultSchedule.Parse(File.ReadAllText(path)) : null;
        var options = new ChaosSoakOptions
        {
            Seed = schedule?.Seed ?? args.Int("seed", 42),
            Duration = schedule?.Length + TimeSpan.FromSeconds(1) ?? TimeSpan.FromMinutes(args.Double("minutes", 10)),
            MinTrials = args.Int("min-trials", 300),
            TrialsPerSearch = args.Int("trials-per-search", 60),
            EpochSeconds = args.Double("epoch-seconds", 1),
            Schedule = schedule,
            Directory = args.String("dir", "") is { Length: > 0 } dir ? Path.GetFullPath(dir) : null,
        };
        var result = await ChaosSoak.RunAsync(options, line => Console.Error.WriteLine(line));
        if (!result.Passed) Environment.ExitCode = 1;
        return result;
    }
}
