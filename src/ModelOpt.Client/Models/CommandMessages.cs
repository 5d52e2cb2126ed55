namespace ModelOpt.Client.Models;

/// <summary><paramref name="Spec"/>: the spec text (YAML or JSON). <paramref name="SearchId"/>: null to derive one from the spec's name.</summary>
public sealed record SubmitRequest(string Spec, string? SearchId = null);

public sealed record SubmitResponse(string SearchId);

/// <summary><paramref name="Spec"/>: the search's spec text, as submitted.</summary>
public sealed record SearchSpecResponse(string SearchId, string Spec);

/// <summary>A node by full address (<c>akka.tcp://modelopt@host:4053</c>) or <c>host:port</c>; <paramref name="Undo"/> reverses a drain.</summary>
public sealed record NodeRequest(string Node, bool Undo = false);

/// <summary>What was done to a cluster member (<c>leaving</c>, <c>down</c>).</summary>
public sealed record NodeResult(string Node, string Action);

/// <summary>A drained (or undrained) worker node: <paramref name="Slots"/> registered, <paramref name="Running"/> still busy.</summary>
public sealed record DrainResult(string Node, bool Draining, int Slots, int Running);

/// <summary>The trial's epoch reports and end as lines, then its command workload's log files, if any.</summary>
public sealed record TrialLogs(string SearchId, string TrialId, IReadOnlyList<string> Lines);
