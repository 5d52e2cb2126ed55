using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ModelOpt.Search.Specs.Reading;

/// <summary>
/// Types YAML nodes the way YAML 1.2's core schema does (which JSON also satisfies): a quoted scalar is always a
/// string; a plain one is null (<c>~</c>, <c>null</c>, empty), a bool (<c>true</c>/<c>false</c>), an integer
/// (<c>3</c>), a float (<c>1e-3</c>, <c>0.5</c>, <c>.inf</c>) or else a string. YAML 1.1's <c>yes</c>/<c>no</c> are strings.
/// </summary>
internal static partial class YamlValues
{
    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    private const string StringTag = "tag:yaml.org,2002:str";

    /// <summary>A scalar as null, bool, long, double or string.</summary>
    public static object? Scalar(YamlScalarNode node)
    {
        var text = node.Value ?? "";
        if (node.Style != ScalarStyle.Plain || (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific && node.Tag.Value == StringTag)) return text;
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF": return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN": return double.NaN;
        }
        if (IntPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            return whole;
        if (FloatPattern().IsMatch(text))
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return text;
    }

    /// <summary>A whole node as plain objects: mappings become string-keyed dictionaries, sequences lists.</summary>
    public static object? ToObject(YamlNode node) => node switch
    {
        YamlScalarNode scalar => Scalar(scalar),
        YamlSequenceNode sequence => sequence.Children.Select(ToObject).ToList(),
        YamlMappingNode mapping => ToDictionary(mapping),
        _ => null,
    };

    public static Dictionary<string, object?> ToDictionary(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
            result[KeyText(key)] = ToObject(value);
        return result;
    }

    public static string KeyText(YamlNode key) => key is YamlScalarNode s ? s.Value ?? "" : key.ToString();

    /// <summary>How a value reads in an error message: strings quoted, numbers invariant.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        bool b => b ? "true" : "false",
        double d => Number(d),
        long l => l.ToString(CultureInfo.InvariantCulture),
        IEnumerable<object?> => "a list",
        _ => value.ToString() ?? "",
    };

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => Describe(Scalar(s)),
        YamlSequenceNode { Children.Count: 0 } => "an empty list",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => ".inf",
        double.NegativeInfinity => "-.inf",
        double.NaN => ".nan",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
