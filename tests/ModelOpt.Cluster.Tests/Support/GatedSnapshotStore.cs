using Akka.Persistence;
using Akka.Persistence.Snapshot;

namespace ModelOpt.Cluster.Tests.Support;

/// <summary>
/// The in-memory snapshot store, except that saves wait while a test holds <see cref="Gate"/> shut, and it counts the
/// saves begun and ended, so a test can wait until none is in flight. Shares <see cref="GatedJournal"/>'s test
/// collection: its gate and counts are static.
/// </summary>
public sealed class GatedSnapshotStore : MemorySnapshotStore
{
    public static JournalGate Gate { get; } = new();

    private static int _savesBegun;
    private static int _savesEnded;

    public static bool NoSaveInFlight => Volatile.Read(ref _savesBegun) == Volatile.Read(ref _savesEnded);

    /// <summary>HOCON that makes it the default snapshot store of a test's actor system, with the in-memory journal.</summary>
    public const string Config = """
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.gated"
        akka.persistence.snapshot-store.gated.class = "ModelOpt.Cluster.Tests.Support.GatedSnapshotStore, ModelOpt.Cluster.Tests"
        akka.persistence.snapshot-store.gated.plugin-dispatcher = "akka.actor.default-dispatcher"
        """;

    protected override async Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _savesBegun);
        try
        {
            await Gate.PassAsync();
            await base.SaveAsync(metadata, snapshot, cancellationToken);
        }
        finally
        {
            Interlocked.Increment(ref _savesEnded);
        }
    }
}
