using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace ModelOpt.Cluster.Tests.Support;

/// <summary>
/// The in-memory journal, except that writes wait while a test holds <see cref="Gate"/> shut: it shows what an actor
/// does, and does not do, before its events are stored. One test class uses it at a time (its gate is shared): the
/// classes that use it are in the <see cref="Collection"/> test collection, which runs them one after another.
/// </summary>
public sealed class GatedJournal : MemoryJournal
{
    public const string Collection = "gated journal";

    public static JournalGate Gate { get; } = new();

    /// <summary>HOCON that makes it the default journal of a test's actor system, with the in-memory snapshot store.</summary>
    public const string Config = """
        akka.persistence.journal.plugin = "akka.persistence.journal.gated"
        akka.persistence.journal.gated.class = "ModelOpt.Cluster.Tests.Support.GatedJournal, ModelOpt.Cluster.Tests"
        akka.persistence.journal.gated.plugin-dispatcher = "akka.actor.default-dispatcher"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    protected override async Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        await Gate.PassAsync();
        return await base.WriteMessagesAsync(messages, cancellationToken);
    }
}

/// <summary>Open or shut; a write waits at a shut gate until it opens, or fails there when the test fails the waiting writes.</summary>
public sealed class JournalGate
{
    private TaskCompletionSource _open = Opened();

    public void Shut()
    {
        lock (this) if (_open.Task.IsCompleted) _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Open()
    {
        lock (this)
        {
            if (_open.Task.IsFaulted) _open = Opened();
            else _open.TrySetResult();
        }
    }

    /// <summary>The writes waiting at the shut gate fail, as a journal that lost its database would (the actor stops).</summary>
    public void FailWaiting()
    {
        lock (this) _open.TrySetException(new IOException("the test failed the journal write"));
    }

    public Task PassAsync()
    {
        lock (this) return _open.Task;
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
