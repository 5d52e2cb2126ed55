namespace ModelOpt.Search.Spaces;

/// <summary>
/// One searchable parameter with a flat name (per-layer parameters are expanded to names such as
/// <c>layers[2].units</c>) and the conditions under which it exists.
/// </summary>
public sealed record ParameterDefinition(string Name, Domain Domain, IReadOnlyList<ParameterCondition> Conditions)
{
    public ParameterDefinition(string name, Domain domain) : this(name, domain, []) { }

    public bool IsConditional => Conditions.Count > 0;

    public bool Equals(ParameterDefinition? other) =>
        other is not null && Name == other.Name && Domain.Equals(other.Domain) && Conditions.SequenceEqual(other.Conditions);

    public override int GetHashCode() => HashCode.Combine(Name, Domain);
}
