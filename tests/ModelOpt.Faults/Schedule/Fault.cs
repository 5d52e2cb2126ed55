using System.Text.Json.Serialization;

namespace ModelOpt.Faults.Schedule;

/// <summary>
/// One thing a <see cref="Nemesis"/> does to the cluster, <see cref="At"/> after the schedule starts. Nodes are named
/// as in the <see cref="Nodes.LabCluster"/> (the host of a node has the node's name).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "fault")]
[JsonDerivedType(typeof(Kill), "kill")]
[JsonDerivedType(typeof(Restart), "restart")]
[JsonDerivedType(typeof(Partition), "partition")]
[JsonDerivedType(typeof(Heal), "heal")]
[JsonDerivedType(typeof(Latency), "latency")]
[JsonDerivedType(typeof(Loss), "loss")]
public abstract record Fault(TimeSpan At)
{
    /// <summary>Whether the cluster is whole again once this is done (a restart, a heal, latency or loss back to 0).</summary>
    [JsonIgnore]
    public virtual bool Repairs => false;
}

/// <summary><c>kill -9</c> of the node's process.</summary>
public sealed record Kill(TimeSpan At, string Node) : Fault(At);

/// <summary>Starts a killed node again with the same settings (as a supervisor would).</summary>
public sealed record Restart(TimeSpan At, string Node) : Fault(At)
{
    public override bool Repairs => true;
}

/// <summary>Drops every packet between the two sides, both ways.</summary>
public sealed record Partition(TimeSpan At, IReadOnlyList<string> Side, IReadOnlyList<string> Other) : Fault(At);

/// <summary>Removes every partition.</summary>
public sealed record Heal(TimeSpan At) : Fault(At)
{
    public override bool Repairs => true;
}

/// <summary>Delays each direction of every connection by <paramref name="Milliseconds"/> (0: none).</summary>
public sealed record Latency(TimeSpan At, int Milliseconds) : Fault(At)
{
    public override bool Repairs => Milliseconds == 0;
}

/// <summary>Drops <paramref name="Percent"/> % of the packets between hosts (0: none).</summary>
public sealed record Loss(TimeSpan At, int Percent) : Fault(At)
{
    public override bool Repairs => Percent == 0;
}
