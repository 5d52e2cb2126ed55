using System.Text;
using CsCheck;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Tests.Specs;
using Xunit;
using Xunit.Abstractions;

namespace ModelOpt.Search.Tests.Fuzzing;

/// <summary>
/// Whatever text arrives as a spec, reading it ends in a spec or a <see cref="SpecException"/> (never another
/// exception, a hang or unbounded memory): random YAML-ish text, mutations of the shipped examples and of the hostile
/// specs, and generated documents full of anchors, aliases and deep nesting.
/// </summary>
public sealed class SpecParserFuzzTests(ITestOutputHelper output)
{
    private const string YamlAlphabet = "abcxyz019-_.:,[]{}&*!|>'\"#%@?~ \n\t\\+eE";

    private static readonly string[] Fragments =
    [
        "&a ", "*a", "*b", "<<: *a\n", "[", "]", "{", "}", ": ", "- ", "\n  ", "'", "\"", "!!str ", "!!binary ", "? ", "|\n", ">-\n",
        ".inf", "-.inf", ".nan", "1e309", "-9223372036854775809", "99999999999999999999", "\u0000", "\uFFFD", "\uD800", "---\n", "...\n",
        "%YAML 1.2\n", "x: &x [*x]\n", "values: [1, 1.0, '1']", "type: list", "size: 256", "maxTrials: 100000000",
    ];

    [Fact]
    public void Random_yaml_ish_text_reads_or_is_refused_with_a_spec_error()
    {
        var gen = Gen.String[Gen.Char[YamlAlphabet], 0, 400];

        Report(Fuzz.Check(gen, ReadsOrRefuses, Quote));
    }

    [Fact]
    public void Mutated_examples_and_hostile_specs_read_or_are_refused_with_a_spec_error()
    {
        var gen = Fuzz.Mutations(Seeds(), Fragments);

        Report(Fuzz.Check(gen, ReadsOrRefuses, Quote));
    }

    [Fact]
    public void Generated_documents_with_anchors_aliases_and_deep_nesting_read_or_are_refused()
    {
        Report(Fuzz.Check(Documents, ReadsOrRefuses, Quote));
    }

    private static void ReadsOrRefuses(string text)
    {
        try
        {
            SpecParser.Parse(text, SearchCatalog.BuiltIn);
        }
        catch (SpecException e)
        {
            Assert.NotEmpty(e.Errors);
            Assert.All(e.Errors, error => Assert.False(string.IsNullOrWhiteSpace(error.Message)));
        }
    }

    /// <summary>
    /// A YAML document as a flow collection of at most about 400 written nodes: lists and mappings nested up to 60 deep,
    /// scalars of every kind, anchors on some nodes and aliases to anchors defined so far (so some expand exponentially).
    /// </summary>
    private static readonly Gen<string> Documents = Gen.Int[0, int.MaxValue].Array[50, 400].Select(choices =>
    {
        var text = new StringBuilder("{apiVersion: modelopt/v1, name: fuzz, ");
        var anchors = new List<string>();
        var next = 0;
        int Choice(int range) => choices[next++ % choices.Length] % range;
        var budget = 400; // nodes written; aliases, not size, are what should make a document large once expanded
        void Node(int depth)
        {
            var kind = depth > 60 || --budget < 0 ? 0 : Choice(7);
            var anchor = Choice(4) == 0 ? $"a{anchors.Count}" : null;
            if (anchor is not null) text.Append('&').Append(anchor).Append(' ');
            switch (kind)
            {
                case 0 or 1 or 2:
                    text.Append(Scalars[Choice(Scalars.Length)]);
                    break;
                case 3 when anchors.Count > 0:
                    text.Append('*').Append(anchors[Choice(anchors.Count)]).Append(' ');
                    break;
                case 3 or 4:
                    text.Append('[');
                    for (int i = 0, n = Choice(10); i < n; i++) { if (i > 0) text.Append(", "); Node(depth + 1); }
                    text.Append(']');
                    break;
                default:
                    text.Append('{');
                    for (int i = 0, n = Choice(6); i < n; i++) { if (i > 0) text.Append(", "); text.Append(Keys[Choice(Keys.Length)]).Append(": "); Node(depth + 1); }
                    text.Append('}');
                    break;
            }
            if (anchor is not null) anchors.Add(anchor);
        }
        foreach (var section in new[] { "objective", "space", "budget", "searcher", "workload", "extra" })
        {
            text.Append(section).Append(": ");
            Node(0);
            text.Append(", ");
        }
        return text.Append("seed: 1}").ToString();
    });

    private static readonly string[] Scalars =
        ["0", "-1", "1.5", "1e309", ".inf", ".nan", "~", "true", "x", "'quoted'", "\"esc\\u0000\"", "value", "min", "float", "categorical", "list", "int", "100000000", "-9223372036854775808"];

    private static readonly string[] Keys =
        ["type", "low", "high", "values", "size", "item", "when", "metric", "mode", "maxTrials", "maxEpochsPerTrial", "kind", "function", "noise", "x0", "x1", "layers", "<<"];

    private static IReadOnlyList<string> Seeds()
    {
        var examples = Path.Combine(ExampleSpecsTests.RepositoryRoot(), "examples");
        var seeds = Directory.EnumerateFiles(examples).Where(f => f.EndsWith(".yaml") || f.EndsWith(".json")).Select(File.ReadAllText).ToList();
        seeds.AddRange([SpecText.Branin(), HostileSpecs.BillionLaughs(), HostileSpecs.BombInCategoricalValues(), HostileSpecs.HundredMillionTrials(), HostileSpecs.InfiniteNoise(), HostileSpecs.Nested(40)]);
        return seeds;
    }

    private static string Quote(string text) => text.Length <= 2000 ? text : text[..2000] + $"… ({text.Length} characters)";

    private void Report(TimeSpan slowest) => output.WriteLine($"{Fuzz.Cases} cases, slowest {slowest.TotalMilliseconds:0.0} ms");
}
