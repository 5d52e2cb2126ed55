using System.Diagnostics.Metrics;

namespace ModelOpt.Benchmarks.Cluster;

/// <summary>
/// Lays every slow journal write (<c>modelopt.journal.write.duration</c> of a given length or more) beside what
/// happened meanwhile: the journal's own commits (<c>modelopt.journal.commit.duration</c>: the store's share), the
/// GC's pauses and the thread pool's thread changes (<see cref="RuntimeEvents"/>), and the late probes and the
/// kernel's pressure stalls (<see cref="HostProbes"/>), so that each stall can be put down to a cause.
/// </summary>
public sealed class StallWitness : IDisposable
{
    private readonly double _slowMs;

    /// <summary>A measurement that ended at <c>End</c> (Ticks, UTC) after <c>Ms</c>.</summary>
    private sealed record Timed(long End, double Ms)
    {
        public long Start => End - TimeSpan.FromMilliseconds(Ms).Ticks;
    }

    private readonly MeterListener _listener = new();
    private readonly List<Timed> _writes = [];
    private readonly List<Timed> _commits = [];
    private readonly RuntimeEvents _runtime = new();
    private readonly HostProbes _probes;

    /// <param name="slowMs">A write this long or longer is a stall to explain.</param>
    public StallWitness(string? journalDirectory, double slowMs)
    {
        _slowMs = slowMs;
        _probes = new HostProbes(journalDirectory);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name is "modelopt.journal.write.duration" or "modelopt.journal.commit.duration") listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            var samples = instrument.Name == "modelopt.journal.commit.duration" ? _commits : _writes;
            var timed = new Timed(DateTime.UtcNow.Ticks, value);
            lock (samples) samples.Add(timed);
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _runtime.Dispose();
        _probes.Dispose();
    }

    /// <summary>Every slow write with what overlapped it, and the run's totals of each witness.</summary>
    public object Report()
    {
        List<Timed> writes, commits;
        lock (_writes) writes = [.. _writes];
        lock (_commits) commits = [.. _commits];
        var pauses = _runtime.Pauses;
        var adjustments = _runtime.Adjustments;
        var contentions = _runtime.Contentions;
        var late = _probes.LateProbes;
        var pressure = _probes.PressureSamples;
        var fsync = _probes.FsyncMs.Order().ToList();
        var slow = writes.Where(w => w.Ms >= _slowMs).OrderBy(w => w.End).ToList();
        return new
        {
            slow_writes = slow.Count,
            writes = writes.Count,
            commits = commits.Count,
            commit_ms_max = commits.Count == 0 ? 0 : Math.Round(commits.Max(c => c.Ms), 1),
            gc_pauses = pauses.Count,
            gc_pause_ms_max = pauses.Count == 0 ? 0 : Math.Round(pauses.Max(Ms), 1),
            gc_pause_ms_total = Math.Round(pauses.Sum(Ms), 1),
            gen2_pauses = pauses.Count(p => p.What.StartsWith("gen2", StringComparison.Ordinal)),
            pool_threads = adjustments.Select(a => a.What).ToList(),
            late_pool_ms_max = MaxLate(late, "thread pool"),
            late_sleep_ms_max = MaxLate(late, "sleeping thread"),
            fsync_ms_p50 = fsync.Count == 0 ? 0 : Math.Round(fsync[fsync.Count / 2], 1),
            fsync_ms_max = fsync.Count == 0 ? 0 : Math.Round(fsync[^1], 1),
            gc_collections = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToList(),
            // Every probe late by 100 ms or more, when (the end) and by how much.
            late_100ms = late.Where(l => l.End - l.Start >= TimeSpan.TicksPerMillisecond * 100)
                .Select(l => $"{At(l.End)} {l.Probe} {TimeSpan.FromTicks(l.End - l.Start).TotalMilliseconds:F0} ms").ToList(),
            stalls = slow.Select(w => new
            {
                at = At(w.End),
                write_ms = Math.Round(w.Ms, 1),
                commit_ms_max = Math.Round(commits.Where(c => Overlap(c.Start, c.End, w) > 0).Select(c => c.Ms).DefaultIfEmpty(0).Max(), 1),
                gc_pause_ms = Math.Round(pauses.Sum(p => Overlap(p.Start, p.End, w)), 1),
                gc = pauses.Where(p => Overlap(p.Start, p.End, w) > 0).Select(p => $"{p.What} {Ms(p):F0} ms").ToList(),
                late_pool_ms = LateIn(late, "thread pool", w),
                late_sleep_ms = LateIn(late, "sleeping thread", w),
                late_fsync_ms = LateIn(late, "fsync", w),
                lock_contention_ms = Math.Round(contentions.Select(c => Overlap(c.Start, c.End, w)).DefaultIfEmpty(0).Max(), 1),
                pool_threads = adjustments.Where(a => a.End >= w.Start && a.End <= w.End).Select(a => a.What).ToList(),
                cpu_pressure_ms = PressureIn(pressure, w, p => p.CpuSomeUs),
                io_pressure_ms = PressureIn(pressure, w, p => p.IoSomeUs),
                io_full_pressure_ms = PressureIn(pressure, w, p => p.IoFullUs),
            }).ToList(),
        };
    }

    private static string At(long ticks) => new DateTime(ticks, DateTimeKind.Utc).ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);

    private static double Ms(RuntimeEvents.Span span) => TimeSpan.FromTicks(span.End - span.Start).TotalMilliseconds;

    private static double Overlap(long start, long end, Timed window) =>
        Math.Max(0, TimeSpan.FromTicks(Math.Min(end, window.End) - Math.Max(start, window.Start)).TotalMilliseconds);

    private static double MaxLate(IReadOnlyList<HostProbes.Late> late, string probe) =>
        Math.Round(late.Where(l => l.Probe == probe).Select(l => TimeSpan.FromTicks(l.End - l.Start).TotalMilliseconds).DefaultIfEmpty(0).Max(), 1);

    /// <summary>The longest lateness of <paramref name="probe"/> that overlapped the write, in ms (0: none late).</summary>
    private static double LateIn(IReadOnlyList<HostProbes.Late> late, string probe, Timed write) =>
        Math.Round(late.Where(l => l.Probe == probe && Overlap(l.Start, l.End, write) > 0)
            .Select(l => TimeSpan.FromTicks(l.End - l.Start).TotalMilliseconds).DefaultIfEmpty(0).Max(), 1);

    /// <summary>The pressure-stall time the kernel counted between the samples around the write, in ms; null without /proc/pressure.</summary>
    private static double? PressureIn(IReadOnlyList<HostProbes.Pressure> samples, Timed write, Func<HostProbes.Pressure, long> total)
    {
        var before = samples.LastOrDefault(s => s.At <= write.Start);
        var after = samples.FirstOrDefault(s => s.At >= write.End);
        return before is null || after is null ? null : Math.Round((total(after) - total(before)) / 1000.0, 1);
    }
}
