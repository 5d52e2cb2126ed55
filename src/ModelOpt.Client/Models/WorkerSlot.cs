namespace ModelOpt.Client.Models;

/// <summary>
/// One worker slot as the dispatcher sees it: the worker node's full address, the device (<c>cpu:0</c>, <c>cuda:1</c>),
/// its status, whether its node is draining (takes no new trials), and the trial running there, if any.
/// </summary>
public sealed record WorkerSlot(string Node, string Device, SlotStatus Status, bool Draining, string? SearchId, string? TrialId)
{
    /// <summary>The slot's GPU (utilization, memory, trials on it); null for CPU slots and before its worker's first sample.</summary>
    public GpuInfo? Gpu { get; init; }
}
