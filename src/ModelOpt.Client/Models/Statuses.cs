namespace ModelOpt.Client.Models;

/// <summary>A search's state: <c>running</c> until its budget is spent (<c>finished</c>) or someone stops it (<c>cancelled</c>).</summary>
public enum SearchStatus { Running, Finished, Cancelled }

/// <summary>
/// A trial's state: <c>pending</c> (waiting for a slot, also after a lost attempt), <c>running</c>, and how it ended:
/// <c>completed</c>, <c>stopped</c> (early, by the scheduler or a user) or <c>failed</c>.
/// </summary>
public enum TrialStatus { Pending, Running, Completed, Stopped, Failed }

/// <summary>Whether the objective is minimized or maximized.</summary>
public enum ObjectiveMode { Min, Max }

/// <summary>A worker slot: <c>free</c>, <c>granted</c> to a search that is about to start a trial there, or <c>running</c> one.</summary>
public enum SlotStatus { Free, Granted, Running }

/// <summary>Who ended a stopped trial: its <c>scheduler</c> (early stopping), a <c>user</c> stopping that trial, or the search's <c>cancel</c>.</summary>
public enum StopKind { Scheduler, User, Cancel }

/// <summary>How an attempt ended without ending its trial: <c>requeued</c> (lost: worker gone, crash) or <c>exploited</c> (PBT restarts it).</summary>
public enum AttemptEnd { Requeued, Exploited }
