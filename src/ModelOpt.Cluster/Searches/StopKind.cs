namespace ModelOpt.Cluster.Searches;

/// <summary>Who ended a stopped trial: its scheduler (early stopping), a user stopping that trial, or the search's cancellation.</summary>
public enum StopKind { Scheduler, User, Cancel }
