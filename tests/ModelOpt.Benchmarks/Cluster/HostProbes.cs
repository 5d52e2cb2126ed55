namespace ModelOpt.Benchmarks.Cluster;

/// <summary>
/// Probes of the process and the host, each on a thread of its own, recording only what came late: a thread waking
/// from a 10 ms sleep (late when the host gave it no CPU or a GC held it), a work item queued to the thread pool every
/// 10 ms (late when the pool's threads are all busy or blocked), a 4 KB write and fsync beside the journal every
/// 100 ms (late when the disk or the kernel's writeback is), and the kernel's pressure-stall totals every 100 ms
/// (/proc/pressure: time some task waited for a CPU or for I/O).
/// </summary>
public sealed class HostProbes : IDisposable
{
    /// <summary>A probe that came late: from when it should have ended (Ticks, UTC) to when it did.</summary>
    public sealed record Late(long Start, long End, string Probe);

    /// <summary>The kernel's pressure-stall totals at a moment, microseconds.</summary>
    public sealed record Pressure(long At, long CpuSomeUs, long IoSomeUs, long IoFullUs);

    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(10);
    private static readonly long LateTicks = TimeSpan.FromMilliseconds(20).Ticks;

    private readonly object _gate = new();
    private readonly List<Late> _late = [];
    private readonly List<Pressure> _pressure = [];
    private readonly List<double> _fsyncMs = [];
    private readonly string? _fsyncFile;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _threads = [];

    /// <param name="fsyncDirectory">Where the fsync probe writes its file (the journal's directory); null: no fsync probe.</param>
    public HostProbes(string? fsyncDirectory)
    {
        _fsyncFile = fsyncDirectory is null ? null : Path.Combine(fsyncDirectory, $"fsync-probe-{Environment.ProcessId}.bin");
        Start("probe-sleep-pool", SleepAndPool);
        Start("probe-fsync-pressure", FsyncAndPressure);
    }

    public IReadOnlyList<Late> LateProbes { get { lock (_gate) return [.. _late]; } }

    public IReadOnlyList<Pressure> PressureSamples { get { lock (_gate) return [.. _pressure]; } }

    public IReadOnlyList<double> FsyncMs { get { lock (_gate) return [.. _fsyncMs]; } }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var thread in _threads) thread.Join();
        if (_fsyncFile is not null) File.Delete(_fsyncFile);
        _stop.Dispose();
    }

    private void Start(string name, Action loop)
    {
        var thread = new Thread(() => loop()) { IsBackground = true, Name = name };
        _threads.Add(thread);
        thread.Start();
    }

    private void SleepAndPool()
    {
        while (!_stop.IsCancellationRequested)
        {
            var queuedAt = DateTime.UtcNow.Ticks;
            ThreadPool.UnsafeQueueUserWorkItem(_ => Record(queuedAt, DateTime.UtcNow.Ticks, "thread pool"), null);
            var due = DateTime.UtcNow.Ticks + Period.Ticks;
            Thread.Sleep(Period);
            Record(due, DateTime.UtcNow.Ticks, "sleeping thread");
        }
    }

    private void FsyncAndPressure()
    {
        using var file = _fsyncFile is null ? null : new FileStream(_fsyncFile, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        var block = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            if (file is not null)
            {
                var started = DateTime.UtcNow.Ticks;
                file.Position = 0;
                file.Write(block);
                file.Flush(flushToDisk: true);
                var ended = DateTime.UtcNow.Ticks;
                lock (_gate) _fsyncMs.Add(TimeSpan.FromTicks(ended - started).TotalMilliseconds);
                // The fsync's whole duration is the lateness: it should take well under a millisecond.
                Record(started + LateTicks, ended, "fsync");
            }
            if (ReadPressure() is { } pressure) lock (_gate) _pressure.Add(pressure);
            _stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
        }
    }

    private void Record(long due, long now, string probe)
    {
        if (now - due < LateTicks) return;
        lock (_gate) _late.Add(new Late(due, now, probe));
    }

    private static Pressure? ReadPressure()
    {
        long? SomeTotal(string file, string kind)
        {
            if (!File.Exists(file)) return null;
            var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(kind, StringComparison.Ordinal));
            var total = line?.Split(' ').FirstOrDefault(f => f.StartsWith("total=", StringComparison.Ordinal));
            return total is null ? null : long.Parse(total[6..], System.Globalization.CultureInfo.InvariantCulture);
        }
        var cpu = SomeTotal("/proc/pressure/cpu", "some");
        var io = SomeTotal("/proc/pressure/io", "some");
        var ioFull = SomeTotal("/proc/pressure/io", "full");
        return cpu is null || io is null || ioFull is null ? null : new Pressure(DateTime.UtcNow.Ticks, cpu.Value, io.Value, ioFull.Value);
    }
}
