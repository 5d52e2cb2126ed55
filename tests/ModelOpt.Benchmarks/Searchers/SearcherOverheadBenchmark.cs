using System.Diagnostics;
using System.Text.Json.Serialization;
using ModelOpt.Search;
using ModelOpt.Search.Functions;
using ModelOpt.Search.Searchers;

namespace ModelOpt.Benchmarks.Searchers;

/// <summary>
/// A registered searcher's own cost: milliseconds per suggest + observe on Hartmann6 (the function's evaluation is
/// not timed), over the whole run and in windows around 1,000 and 10,000 observations. The windows also report
/// process CPU milliseconds per trial, which a machine busy with other work distorts less than wall time.
/// <c>--in-flight q</c> keeps q trials running: each suggestion is made with q − 1 results pending (the oldest trial
/// completes after it), where a searcher's pending-trial rule does its work; the default 1 is sequential.
/// </summary>
public sealed class SearcherOverheadBenchmark : IBenchmark
{
    private const int WindowLength = 100;

    public string Name => "searcher-overhead";

    public string Usage => "--searcher <name> [--trials 10000] [--seed 1] [--in-flight 1] [--options k=v,...]";

    public Task<object> RunAsync(BenchmarkArgs args)
    {
        var searcherName = args.String("searcher", "tpe");
        var trials = args.Int("trials", 10_000);
        var seed = args.Int("seed", 1);
        var inFlight = args.Int("in-flight", 1);
        if (!SearcherCatalog.BuiltIn.Contains(searcherName))
            throw new UsageException($"--searcher '{searcherName}' is unknown; known: {string.Join(", ", SearcherCatalog.BuiltIn.Names)}");
        if (trials < 1 || inFlight < 1) throw new UsageException("--trials and --in-flight must be at least 1");

        var function = new Hartmann6();
        var searcher = SearcherOptionsArgument.CreateSearcher(args, searcherName, function.Space, (ulong)seed);
        var milliseconds = new List<double>(trials);
        var running = new Queue<(string Id, double Value)>();
        var cpuAtStart = new Dictionary<int, double>();
        var process = Process.GetCurrentProcess();
        var clock = Stopwatch.StartNew();
        for (var t = 0; t < trials; t++)
        {
            if (t is 1000 or 1000 + WindowLength or 9900 or 9900 + WindowLength)
            {
                process.Refresh();
                cpuAtStart[t] = process.TotalProcessorTime.TotalMilliseconds;
            }
            var id = $"trial-{t}";
            var start = Stopwatch.GetTimestamp();
            var config = searcher.SuggestAndAccept(id);
            if (config is null) break;
            var suggested = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            running.Enqueue((id, function.Evaluate(config)));
            if (running.Count < inFlight)
            {
                milliseconds.Add(suggested);
                continue;
            }
            var (doneId, value) = running.Dequeue();
            start = Stopwatch.GetTimestamp();
            searcher.OnComplete(doneId, TrialOutcome.Completed(value));
            milliseconds.Add(suggested + Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        process.Refresh();
        cpuAtStart.TryAdd(milliseconds.Count, process.TotalProcessorTime.TotalMilliseconds);
        return Task.FromResult<object>(new SearcherOverheadResult(
            searcherName, args.String("options", ""), inFlight, milliseconds.Count,
            milliseconds.Average(), Window(milliseconds, 1000), Window(milliseconds, 9900),
            CpuWindow(cpuAtStart, 1000), CpuWindow(cpuAtStart, 9900), clock.Elapsed.TotalSeconds));
    }

    private static double? CpuWindow(Dictionary<int, double> cpuAtStart, int from) =>
        cpuAtStart.TryGetValue(from, out var start) && cpuAtStart.TryGetValue(from + WindowLength, out var end) ? (end - start) / WindowLength : null;

    /// <summary>Mean over trials [from, from + 100), or null when the run was shorter.</summary>
    private static double? Window(List<double> milliseconds, int from) =>
        milliseconds.Count >= from + WindowLength ? milliseconds.GetRange(from, WindowLength).Average() : null;
}

public sealed record SearcherOverheadResult(
    string Searcher, string Options, int InFlight, int Trials, double MsPerTrial,
    [property: JsonPropertyName("ms_at_1k")] double? MsAt1k,
    [property: JsonPropertyName("ms_at_10k")] double? MsAt10k,
    [property: JsonPropertyName("cpu_ms_at_1k")] double? CpuMsAt1k,
    [property: JsonPropertyName("cpu_ms_at_10k")] double? CpuMsAt10k,
    double Seconds);
