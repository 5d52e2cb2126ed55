namespace ModelOpt.Cluster.Persistence;

/// <summary>
/// Inserts journal rows into one database over one open connection. Synchronous: only the journal writer's own thread
/// calls it, and a blocking wait there takes no thread-pool thread (which actors share) between a commit and its reply.
/// </summary>
internal interface IJournalRowStore : IDisposable
{
    /// <summary>Inserts <paramref name="rows"/> atomically: all of them, or none and an exception.</summary>
    void Insert(IReadOnlyList<JournalRow> rows);
}
