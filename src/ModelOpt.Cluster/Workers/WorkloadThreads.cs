namespace ModelOpt.Cluster.Workers;

/// <summary>
/// Dedicated threads for trial workloads, kept between trials. A workload blocks its thread for the whole attempt
/// (training), so it must not run on the thread pool; but starting a new thread for every attempt was the largest cost
/// of a short trial on the worker. A thread that finishes an attempt waits for the next one and ends after
/// <see cref="IdleTimeout"/> without work, so a worker holds about as many threads as it has busy slots (a stopped
/// workload that is still unwinding keeps its thread, and the slot's next trial gets another).
/// </summary>
public sealed class WorkloadThreads : IDisposable
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly List<WorkloadThread> _idle = [];
    private readonly string _name;
    private bool _disposed;

    public WorkloadThreads(string name) => _name = name;

    /// <summary>Threads alive now (busy or idle), for tests and diagnostics.</summary>
    public int Count { get; private set; }

    /// <summary>Runs <paramref name="work"/> on an idle thread, or a new one; the task completes with its result or exception.</summary>
    public Task<T> Run<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The thread is back among the idle ones before the task completes, so the slot's next attempt reuses it.
        Action Item()
        {
            try
            {
                var result = work();
                return () => done.SetResult(result);
            }
            catch (Exception e)
            {
                return () => done.SetException(e);
            }
        }

        WorkloadThread? thread = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.Count > 0)
            {
                thread = _idle[^1];
                _idle.RemoveAt(_idle.Count - 1);
            }
            else Count++;
        }
        (thread ?? new WorkloadThread(this, $"{_name}-{Count}")).Give(Item);
        return done.Task;
    }

    /// <summary>Idle threads end now; busy ones end when their workload returns.</summary>
    public void Dispose()
    {
        List<WorkloadThread> idle;
        lock (_gate)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
            Count -= idle.Count;
        }
        foreach (var thread in idle) thread.Give(null);
    }

    /// <summary>Called by a thread that finished its item: true when it was taken back as idle, false when it must end.</summary>
    private bool Returned(WorkloadThread thread)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                Count--;
                return false;
            }
            _idle.Add(thread);
            return true;
        }
    }

    /// <summary>Called by an idle thread that waited too long: true when it left the idle list and must end.</summary>
    private bool Retired(WorkloadThread thread)
    {
        lock (_gate)
        {
            if (!_idle.Remove(thread)) return false;
            Count--;
            return true;
        }
    }

    private sealed class WorkloadThread
    {
        private readonly WorkloadThreads _owner;
        private readonly SemaphoreSlim _signal = new(0);
        private Func<Action>? _item;

        public WorkloadThread(WorkloadThreads owner, string name)
        {
            _owner = owner;
            new Thread(Loop) { IsBackground = true, Name = name }.Start();
        }

        /// <summary>Hands over the next item (it returns what completes its task); null ends the thread.</summary>
        public void Give(Func<Action>? item)
        {
            Volatile.Write(ref _item, item);
            _signal.Release();
        }

        private void Loop()
        {
            while (true)
            {
                if (!_signal.Wait(IdleTimeout))
                {
                    if (_owner.Retired(this)) return;
                    // Taken for work just as the wait ended: the signal is on its way.
                    _signal.Wait();
                }
                var item = Volatile.Read(ref _item);
                if (item is null) return;
                _item = null;
                var complete = item();
                var keep = _owner.Returned(this);
                complete();
                if (!keep) return;
            }
        }
    }
}
