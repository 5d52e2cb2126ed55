namespace ModelOpt.Cluster.Journal;

/// <summary>A journal that cannot be opened or read, worded for the user (it names the journal).</summary>
public sealed class JournalException(string message) : Exception(message);
