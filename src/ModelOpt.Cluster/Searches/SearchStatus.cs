namespace ModelOpt.Cluster.Searches;

/// <summary><see cref="Empty"/>: nothing submitted under this id yet.</summary>
public enum SearchStatus { Empty, Running, Finished, Cancelled }
