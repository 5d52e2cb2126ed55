using System.Diagnostics;
using CsCheck;

namespace ModelOpt.Search.Tests.Fuzzing;

/// <summary>
/// Runs a property over generated inputs (CsCheck, one thread, shrinking on failure) and holds every case to the
/// bounds of issue 14: it ends within <see cref="CaseLimit"/> and allocates less than <see cref="AllocationLimit"/>.
/// <see cref="Cases"/> per property in CI; set MOPT_FUZZ_CASES for a longer run (docs/benchmarks.md records one).
/// The test projects that fuzz their own inputs link this file.
/// </summary>
public static class Fuzz
{
    public static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(1);
    public const long AllocationLimit = 64L * 1024 * 1024;

    public static int Cases { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("MOPT_FUZZ_CASES"), out var cases) && cases > 0 ? cases : 400;

    /// <summary>Checks <paramref name="property"/> on <see cref="Cases"/> inputs from <paramref name="gen"/>; returns the slowest case's time.</summary>
    public static TimeSpan Check<T>(Gen<T> gen, Action<T> property, Func<T, string>? print = null, int? cases = null)
    {
        var slowest = TimeSpan.Zero;
        gen.Sample(input =>
        {
            var elapsed = Bounded(() => property(input));
            // A case slower than the limit is timed once more, so one stall of a loaded machine does not fail it.
            if (elapsed > CaseLimit) elapsed = Bounded(() => property(input));
            if (elapsed > CaseLimit) throw new TimeoutException($"one case took {elapsed.TotalMilliseconds:0} ms (limit {CaseLimit.TotalMilliseconds:0} ms)");
            if (elapsed > slowest) slowest = elapsed;
        }, iter: cases ?? Cases, threads: 1, print: print);
        return slowest;
    }

    /// <summary>Runs <paramref name="action"/> on a thread of its own; a hang fails after ten times the case limit instead of stalling the suite.</summary>
    private static TimeSpan Bounded(Action action)
    {
        long allocated = 0;
        var clock = Stopwatch.StartNew();
        var run = Task.Factory.StartNew(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!run.Wait(CaseLimit * 10)) throw new TimeoutException($"one case still ran after {(CaseLimit * 10).TotalSeconds:0} s");
        clock.Stop();
        if (allocated > AllocationLimit) throw new InsufficientMemoryException($"one case allocated {allocated / (1024 * 1024)} MiB (limit {AllocationLimit / (1024 * 1024)} MiB)");
        return clock.Elapsed;
    }

    /// <summary>
    /// <paramref name="seeds"/> with up to five random edits each: cut a span, repeat a span, insert one of
    /// <paramref name="fragments"/>, or overwrite a character.
    /// </summary>
    public static Gen<string> Mutations(IReadOnlyList<string> seeds, IReadOnlyList<string> fragments) =>
        Gen.Int[0, seeds.Count - 1].SelectMany(seed => Edit.Array[0, 5].Select(edits =>
        {
            var text = seeds[seed];
            foreach (var (kind, at, length, fragment) in edits)
            {
                if (text.Length == 0) text = fragments[fragment % fragments.Count];
                var start = at % text.Length;
                var span = Math.Min(length, text.Length - start);
                text = kind switch
                {
                    0 => text.Remove(start, span),
                    1 => text.Insert(start, text.Substring(start, span)),
                    2 => text.Insert(start, fragments[fragment % fragments.Count]),
                    _ => text.Remove(start, 1).Insert(start, fragments[fragment % fragments.Count][..1]),
                };
            }
            return text;
        }));

    private static readonly Gen<(int Kind, int At, int Length, int Fragment)> Edit =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int[1, 200], Gen.Int[0, int.MaxValue]);
}
