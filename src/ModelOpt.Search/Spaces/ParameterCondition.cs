namespace ModelOpt.Search.Spaces;

public enum ConditionKind
{
    /// <summary>The parent's value is one of <see cref="ParameterCondition.Values"/>.</summary>
    In,
    /// <summary>The parent's numeric value is at least <see cref="ParameterCondition.Threshold"/> (per-layer lists sized by a depth).</summary>
    AtLeast,
}

/// <summary>A requirement on another parameter for this one to exist. A parameter whose parent is inactive is inactive too.</summary>
public sealed record ParameterCondition(string Parent, ConditionKind Kind, IReadOnlyList<ParameterValue> Values, double Threshold = 0)
{
    public static ParameterCondition In(string parent, params ParameterValue[] values) => new(parent, ConditionKind.In, values);
    public static ParameterCondition AtLeast(string parent, double threshold) => new(parent, ConditionKind.AtLeast, [], threshold);

    public bool IsSatisfiedBy(ParameterValue parentValue) => Kind switch
    {
        ConditionKind.In => Values.Any(v => v.Equals(parentValue) || (v.IsNumeric && parentValue.IsNumeric && v.AsDouble() == parentValue.AsDouble())),
        ConditionKind.AtLeast => parentValue.IsNumeric && parentValue.AsDouble() >= Threshold,
        _ => false,
    };

    public bool Equals(ParameterCondition? other) =>
        other is not null && Parent == other.Parent && Kind == other.Kind && Threshold == other.Threshold && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Parent, Kind, Threshold, Values.Count);

    public override string ToString() => Kind == ConditionKind.In
        ? $"{Parent} in [{string.Join(", ", Values)}]"
        : $"{Parent} >= {Threshold}";
}
