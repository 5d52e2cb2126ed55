using ModelOpt.Search.Workloads;
using ModelOpt.Training.Devices;

namespace ModelOpt.Cluster.Workers.Isolation;

/// <summary>
/// A worker slot's long-lived trial process (<see cref="TrialIsolation.Process"/>): started when the worker starts,
/// it runs the slot's trials one after another, so the process and CUDA start-up are paid once per slot, not per trial.
/// A trial that dies with its process fails as <see cref="FailureKind.Crash"/> with the exit and the end of its
/// stderr; one that fails out of memory or with an unexpected exception (a CUDA error can poison a context for good)
/// has its process replaced before the slot's next trial, as has a process whose memory cap differs from what the next
/// trial's spec asks (<c>trial.gpuMemory</c>, applied as libtorch's per-process memory fraction). Other trials on the
/// same GPU run in their own processes and never notice.
/// </summary>
public sealed class SlotProcess : IDisposable
{
    public static readonly TimeSpan DefaultCancelGrace = TimeSpan.FromSeconds(15);

    private readonly string _slot;
    private readonly string _device;
    private readonly TrialHostCommand _command;
    private readonly TimeSpan _cancelGrace;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Lock _gate = new();
    private TrialProcess? _process;
    private bool _disposed;

    /// <param name="slot">The slot's device name (<c>cuda:0#1</c>, <c>cpu#0</c>).</param>
    /// <param name="cancelGrace">How long a cancelled trial may take to unwind before its process is killed.</param>
    public SlotProcess(string slot, TrialHostCommand command, TimeSpan? cancelGrace = null)
    {
        _slot = slot;
        _device = WorkerDevices.TorchDevice(slot);
        _command = command;
        _cancelGrace = cancelGrace ?? DefaultCancelGrace;
    }

    public string Slot => _slot;

    /// <summary>The running process's id; null when none runs.</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate) return _process is { HasExited: false } p ? p.Id : null;
        }
    }

    /// <summary>Starts the process now if none runs, so the slot's first trial finds it ready; a failure to start waits for that trial to report it.</summary>
    public void Warm()
    {
        lock (_gate)
        {
            if (_disposed || _process is { HasExited: false }) return;
            try
            {
                _process = StartProcess(null);
            }
            catch (TrialFailedException)
            {
                // Reported by the first trial, which tries again.
            }
        }
    }

    /// <summary>
    /// Runs one trial in the slot's process, waiting for the previous trial to unwind first (a stopped trial's slot is
    /// freed at once). Throws as <see cref="TrialProcess.RunAsync"/> does.
    /// </summary>
    public async Task<TrialResult> RunAsync(string specText, TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            var process = Ready(context.Device.StartsWith("cuda", StringComparison.Ordinal) ? context.GpuMemoryCapBytes : null);
            try
            {
                return await process.RunAsync(new TrialHostRequest(TrialHostRequest.Run, specText, context), report, _cancelGrace, _slot, cancellationToken);
            }
            catch (TrialFailedException e) when (e.Kind is FailureKind.OutOfMemory or FailureKind.Exception or FailureKind.Crash)
            {
                Retire(process);
                throw;
            }
            catch (OperationCanceledException) when (process.HasExited)
            {
                Retire(process);
                throw;
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose()
    {
        TrialProcess? process;
        lock (_gate)
        {
            _disposed = true;
            process = _process;
            _process = null;
        }
        process?.Dispose();
    }

    /// <summary>The slot's process, started or replaced as needed (none yet, dead, or another memory cap).</summary>
    private TrialProcess Ready(long? memoryCap)
    {
        TrialProcess? stale = null;
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_process is { HasExited: false } running && running.MemoryCap == memoryCap) return running;
                stale = _process;
                _process = StartProcess(memoryCap);
                return _process;
            }
        }
        finally
        {
            stale?.Dispose();
        }
    }

    private void Retire(TrialProcess process)
    {
        lock (_gate)
        {
            if (_process == process) _process = null;
        }
        process.Kill();
        process.Dispose();
    }

    private TrialProcess StartProcess(long? memoryCap)
    {
        var info = _command.StartInfo(_slot, _device);
        if (memoryCap is { } cap)
            info.Environment[AllocatorConfig.Variable] = AllocatorConfig.ForCap(info.Environment.TryGetValue(AllocatorConfig.Variable, out var set) ? set : null, cap, _device);
        try
        {
            return TrialProcess.Start(info, memoryCap);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new TrialFailedException(FailureKind.Crash, $"could not start the trial process for slot {_slot} ({info.FileName} {string.Join(' ', info.ArgumentList)}): {e.Message}", e);
        }
    }
}
