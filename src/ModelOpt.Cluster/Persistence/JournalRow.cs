namespace ModelOpt.Cluster.Persistence;

/// <summary>
/// One event as a row of Akka.Persistence.Sql's journal table (the columns its reader expects): the serialized
/// payload with the serializer's identifier and manifest, and the write's time in ticks.
/// </summary>
internal sealed record JournalRow(string PersistenceId, long SequenceNr, byte[] Message, string Manifest, int Identifier, long Created);
