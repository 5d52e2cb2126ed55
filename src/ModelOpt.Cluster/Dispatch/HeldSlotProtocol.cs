using Akka.Actor;

namespace ModelOpt.Cluster.Dispatch;

/// <summary>
/// A worker slot whose attempt just ended and which its worker keeps for the same search: the result arrives with it,
/// and the search either starts its next trial there at once (<see cref="RunHeldTrial"/>, journaled with the result,
/// no dispatcher grant on the way) or gives it back (<see cref="ReleaseHeldSlot"/>). The dispatcher hears of the reuse
/// afterwards (<see cref="SlotReused"/>) and takes slots back when another search waits (<see cref="ReclaimSlot"/>).
/// </summary>
public sealed record HeldSlot(SlotId Slot, IActorRef Worker) : IModelOptMessage;

/// <summary>Search → worker: start <paramref name="Trial"/> on the slot held since <paramref name="Ended"/> of the same search ended.</summary>
public sealed record RunHeldTrial(string Device, AttemptRef Ended, TrialAssignment Trial) : IModelOptMessage;

/// <summary>Search → worker: the search has nothing to run on the slot held since <paramref name="Ended"/> ended; it goes back to the dispatcher.</summary>
public sealed record ReleaseHeldSlot(string Device, string SearchId, AttemptRef Ended) : IModelOptMessage;

/// <summary>
/// Worker → dispatcher: the search started <paramref name="Started"/> (spec text left out) on the slot it held after
/// <paramref name="Ended"/> ended, <paramref name="GapMs"/> milliseconds after that end: the slot's dispatch latency.
/// </summary>
public sealed record SlotReused(SlotId Slot, AttemptRef Ended, TrialAssignment Started, double GapMs) : IModelOptMessage;

/// <summary>
/// Dispatcher → worker: give the slot back to the dispatcher when its current attempt ends (at once if it is held), so
/// a waiting search (higher priority, or below its fair share) or a drain gets it.
/// </summary>
public sealed record ReclaimSlot(string Device) : IModelOptMessage;
