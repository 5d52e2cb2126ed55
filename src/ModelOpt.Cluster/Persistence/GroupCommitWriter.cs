using System.Diagnostics;
using ModelOpt.Cluster.Telemetry;

namespace ModelOpt.Cluster.Persistence;

/// <summary>
/// Writes journal rows with group commit: one loop takes every write queued while the previous batch was being
/// stored and stores them together in one transaction. Each write still succeeds or fails alone: when a batch of
/// several fails (one write broke a constraint, say a second incarnation of an entity), each write is retried on
/// its own, so only the offending one fails. A store whose connection failed is reopened for the next batch.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>Rows per transaction at most; more queued writes wait for the next one.</summary>
    public const int MaxBatchRows = 2000;

    private sealed record PendingWrite(IReadOnlyList<JournalRow> Rows, TaskCompletionSource Done);

    private readonly Func<IJournalRowStore> _open;
    /// <summary>Guards <see cref="_queue"/> and <see cref="_completed"/>; the loop waits on it for writes.</summary>
    private readonly object _gate = new();
    private readonly Queue<PendingWrite> _queue = new();
    private bool _completed;
    private readonly Task _loop;
    private IJournalRowStore? _store;

    public GroupCommitWriter(Func<IJournalRowStore> open)
    {
        _open = open;
        // The stores write synchronously, milliseconds a batch: on a thread of its own, the loop keeps none of the
        // thread pool's few threads (which actors, timers and trials' continuations share) for the journal's waits.
        var loop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                Loop();
                loop.SetResult();
            }
            catch (Exception e)
            {
                loop.SetException(e);
            }
        }) { IsBackground = true, Name = "journal-writer" }.Start();
        _loop = loop.Task;
    }

    /// <summary>Completes once <paramref name="rows"/> are committed (all of them, or none and an exception).</summary>
    public Task WriteAsync(IReadOnlyList<JournalRow> rows)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_completed) done.SetException(new InvalidOperationException("the journal writer has stopped"));
            else
            {
                _queue.Enqueue(new PendingWrite(rows, done));
                Monitor.Pulse(_gate);
            }
        }
        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.Pulse(_gate);
        }
        await _loop.ConfigureAwait(false);
        _store?.Dispose();
    }

    private void Loop()
    {
        var batch = new List<PendingWrite>();
        var rows = new List<JournalRow>();
        while (true)
        {
            batch.Clear();
            rows.Clear();
            // Monitor.Wait blocks at once. Waiting on a task (a channel's WaitToReadAsync) spun first, on every gap
            // between batches: a tenth to a sixth of the process's CPU in a run of no-op trials (docs/benchmarks.md, issue 17).
            lock (_gate)
            {
                while (_queue.Count == 0 && !_completed) Monitor.Wait(_gate);
                // Stopped: the writes queued before have all been stored.
                if (_queue.Count == 0) return;
                while (rows.Count < MaxBatchRows && _queue.TryDequeue(out var write))
                {
                    batch.Add(write);
                    rows.AddRange(write.Rows);
                }
            }
            try
            {
                var started = Stopwatch.GetTimestamp();
                Insert(rows);
                ModelOptTelemetry.JournalCommit.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                foreach (var write in batch) write.Done.TrySetResult();
            }
            catch (Exception e) when (batch.Count == 1)
            {
                batch[0].Done.TrySetException(e);
            }
            catch
            {
                foreach (var write in batch)
                {
                    try
                    {
                        Insert(write.Rows);
                        write.Done.TrySetResult();
                    }
                    catch (Exception e)
                    {
                        write.Done.TrySetException(e);
                    }
                }
            }
        }
    }

    private void Insert(IReadOnlyList<JournalRow> rows)
    {
        try
        {
            _store ??= _open();
            _store.Insert(rows);
        }
        catch
        {
            // The connection may be broken (server restart, network): the next batch opens a new one.
            _store?.Dispose();
            _store = null;
            throw;
        }
    }
}
