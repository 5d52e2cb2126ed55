using ModelOpt.Search.Spaces;
using YamlDotNet.RepresentationModel;

namespace ModelOpt.Search.Specs.Reading;

/// <summary>
/// A parameter as written under <c>space</c>, before its conditions are resolved and lists expanded.
/// <see cref="Domain"/> is null when the parameter is a list or its domain was invalid (already reported).
/// </summary>
internal sealed record RawParameter(string Name, string Path, YamlNode Node, Domain? Domain, IReadOnlyList<RawCondition> When, RawList? List)
{
    /// <summary>The parameter's kind as a user wrote it, for messages.</summary>
    public string KindName => List is not null ? "list" : Domain switch
    {
        FloatDomain => "float",
        IntDomain => "int",
        CategoricalDomain => "categorical",
        ConstantDomain => "constant",
        _ => "invalid",
    };
}

/// <summary>One <c>when</c> entry: the parent must take one of <see cref="Values"/>.</summary>
internal sealed record RawCondition(string Parent, IReadOnlyList<ParameterValue> Values, string Path, YamlNode Node);

/// <summary>
/// A <c>list</c> parameter: <see cref="Items"/> repeated once per element, the count given by an int parameter
/// (<see cref="SizeParameter"/>) or fixed (<see cref="FixedSize"/>). Neither is set when the size was invalid.
/// </summary>
internal sealed record RawList(string? SizeParameter, long? FixedSize, string SizePath, YamlNode? SizeNode, IReadOnlyList<RawParameter> Items);
