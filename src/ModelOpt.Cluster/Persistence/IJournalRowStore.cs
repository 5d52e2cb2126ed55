namespace ModelOpt.Cluster.Persistence;

/// <summary>Inserts journal rows into one database over one open connection.</summary>
internal interface IJournalRowStore : IDisposable
{
    /// <summary>Inserts <paramref name="rows"/> atomically: all of them, or none and an exception.</summary>
    Task InsertAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken);
}
