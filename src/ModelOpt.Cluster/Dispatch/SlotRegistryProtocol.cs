namespace ModelOpt.Cluster.Dispatch;

/// <summary>Asks the dispatcher for its slot registry. Answered with <see cref="SlotList"/>.</summary>
public sealed record GetSlots : IModelOptMessage;

public sealed record SlotList(IReadOnlyList<SlotInfo> Slots) : IModelOptMessage;

public enum SlotState { Free, Granted, Running }

/// <summary>
/// One worker slot as the dispatcher sees it. <paramref name="Draining"/>: its node takes no new trials.
/// <paramref name="SearchId"/>/<paramref name="TrialId"/>: the attempt running there, if any.
/// </summary>
public sealed record SlotInfo(string Node, string Device, SlotState State, bool Draining, string? SearchId, string? TrialId) : IModelOptMessage
{
    /// <summary>The GPU a <c>cuda</c> slot trains on, as its worker last reported it; null for CPU slots or before the first report.</summary>
    public GpuStatus? Gpu { get; init; }
}

/// <summary>
/// Stops placing trials on <paramref name="Node"/> (running ones finish), or places on it again when
/// <paramref name="Drain"/> is false. Answered with <see cref="NodeDrained"/>.
/// </summary>
public sealed record DrainNode(string Node, bool Drain = true) : IModelOptMessage;

/// <summary><paramref name="Slots"/>: the node's registered slots (0 when the dispatcher does not know the node).</summary>
public sealed record NodeDrained(string Node, bool Draining, int Slots, int Running) : IModelOptMessage;
