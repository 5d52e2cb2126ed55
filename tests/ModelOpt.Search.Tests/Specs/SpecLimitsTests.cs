using System.Text;
using ModelOpt.Search.Specs;
using Xunit;

namespace ModelOpt.Search.Tests.Specs;

/// <summary>
/// Every spec costs a bounded amount to read (issue 14): alias bombs, deep nesting, oversized texts and outsized
/// counts are refused with their position, allocating little; a spec the journal already holds is read without them.
/// </summary>
public class SpecLimitsTests
{
    /// <summary>What reading may allocate, on this thread, for a refused spec (the issue's bar for process growth).</summary>
    private const long AllocationBudget = 50L * 1024 * 1024;

    [Fact]
    public void A_billion_laughs_alias_bomb_is_refused_at_the_alias_that_crosses_the_node_limit()
    {
        var text = HostileSpecs.BillionLaughs();
        Assert.InRange(text.Length, 300, 700);

        var (error, allocated) = Refused(text);

        Assert.Equal("spec", error.Path);
        Assert.Contains("too large once its aliases are expanded", error.Message);
        Assert.NotNull(error.Line);
        Assert.InRange(allocated, 0, AllocationBudget);
    }

    [Fact]
    public void An_alias_bomb_inside_categorical_values_is_refused_the_same_way()
    {
        var (error, allocated) = Refused(HostileSpecs.BombInCategoricalValues());

        Assert.Contains("too large once its aliases are expanded", error.Message);
        Assert.Equal(5, error.Line);
        Assert.InRange(allocated, 0, AllocationBudget);
    }

    [Fact]
    public void Anchors_and_aliases_within_the_limit_still_read()
    {
        var spec = SpecText.Parse(SpecText.WithSpace(
            "  a: {type: categorical, values: &choices [relu, gelu, tanh]}\n" +
            "  b: {type: categorical, values: *choices }\n"));

        Assert.Equal(spec.Space["a"].Domain, spec.Space["b"].Domain);
    }

    [Fact]
    public void Stray_text_after_a_flow_mapping_is_one_spec_error_not_a_crash()
    {
        // Found by SpecParserFuzzTests (seed 12_b5qmEHhM1): YamlDotNet's loader threw ArgumentException here.
        const string text = """
            apiVersion: modelopt/v1
            name: stray
            space:
              dropout: {type: float, low: 0, high: 0.3}*a
              lr: {type: float, low: 3.0e-4, high: 3.0e-3, log: true}
            trial: maxTrials: 100000000{timeout: 5m}
            """;

        var error = Assert.Single(Assert.Throws<SpecException>(() => SpecParser.Parse(text, SearchCatalog.BuiltIn)).Errors);
        Assert.StartsWith("not valid YAML", error.Message);
    }

    [Fact]
    public void An_alias_to_the_node_that_holds_it_is_refused()
    {
        var (error, _) = Refused(SpecText.Branin("loop: &self [a, *self]\n"));

        Assert.Contains("alias *self refers to a node that contains it", error.Message);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_before_it_is_loaded()
    {
        var (error, allocated) = Refused(HostileSpecs.Nested(100_000));

        Assert.Contains($"nest deeper than {SpecLimits.Submission.MaxDepth} levels", error.Message);
        Assert.Equal(9, error.Line);
        Assert.InRange(allocated, 0, AllocationBudget);
    }

    [Fact]
    public void A_spec_over_the_size_limit_is_too_large_before_it_is_parsed()
    {
        var text = HostileSpecs.SevenHundredThousandValues();
        var megabytes = Encoding.UTF8.GetByteCount(text) / (1024.0 * 1024);
        Assert.True(megabytes > 4.5);

        var e = Assert.Throws<SpecTooLargeException>(() => SpecParser.Parse(text, SearchCatalog.BuiltIn));

        Assert.Equal(FormattableString.Invariant($"spec: too large: {megabytes:0.#} MiB; a spec may be at most 256 KiB"), e.Message);
    }

    [Fact]
    public void A_spec_file_over_the_size_limit_is_refused_by_its_length()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, HostileSpecs.SevenHundredThousandValues());

            var e = Assert.Throws<SpecTooLargeException>(() => SpecParser.ParseFile(path, SearchCatalog.BuiltIn));

            Assert.StartsWith($"{path}: too large: ", e.Message);
            Assert.EndsWith(" MiB; a spec may be at most 256 KiB", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_spec_exactly_at_the_size_limit_is_read()
    {
        var spec = SpecText.Branin();
        var padded = spec + "#" + new string('x', SpecLimits.Submission.MaxSpecBytes - Encoding.UTF8.GetByteCount(spec) - 2) + "\n";
        Assert.Equal(SpecLimits.Submission.MaxSpecBytes, Encoding.UTF8.GetByteCount(padded));

        Assert.Equal("test", SpecParser.Parse(padded, SearchCatalog.BuiltIn).Name);
        Assert.Throws<SpecTooLargeException>(() => SpecParser.Parse(padded + "\n", SearchCatalog.BuiltIn));
    }

    [Fact]
    public void Max_trials_over_the_limit_is_reported_with_its_position()
    {
        var error = Assert.Single(SpecText.Errors(HostileSpecs.HundredMillionTrials()));

        Assert.Equal("budget.maxTrials (line 7, column 21): must be ≤ 100000, got 100000000", error.ToString());
    }

    [Fact]
    public void An_infinite_workload_option_is_refused_with_its_position()
    {
        var error = Assert.Single(SpecText.Errors(HostileSpecs.InfiniteNoise()));

        Assert.Equal("workload.noise (line 8, column 53): must be a finite number, got .inf", error.ToString());
    }

    [Theory]
    [InlineData(".nan")]
    [InlineData("-.inf")]
    public void Non_finite_algorithm_options_are_refused(string value)
    {
        var error = Assert.Single(SpecText.Errors(SpecText.Branin($"searcher: {{type: tpe, gamma: {value}}}\n")));

        Assert.Equal("searcher.gamma", error.Path);
        Assert.Equal($"must be a finite number, got {value}", error.Message);
    }

    [Fact]
    public void An_infinite_integer_option_is_an_error_not_a_crash()
    {
        var error = Assert.Single(SpecText.Errors(SpecText.Branin("searcher: {type: tpe, nStartupTrials: .inf}\n")));

        Assert.Equal("searcher.nStartupTrials: must be an integer, got .inf", $"{error.Path}: {error.Message}");
    }

    [Fact]
    public void A_categorical_with_more_values_than_the_limit_is_reported_at_its_values()
    {
        var max = SpecLimits.Submission.MaxCategoricalValues;
        var values = string.Join(", ", Enumerable.Range(0, max + 1).Select(i => $"v{i}"));

        var error = Assert.Single(SpecText.Errors(SpecText.WithSpace($"  a: {{type: categorical, values: [{values}]}}\n")));

        Assert.Equal($"space.a.values (line 5, column 34): has {max + 1} values; at most {max} are supported", error.ToString());
    }

    [Fact]
    public void A_categorical_at_the_value_limit_reads()
    {
        var max = SpecLimits.Submission.MaxCategoricalValues;
        var values = string.Join(", ", Enumerable.Range(0, max).Select(i => $"v{i}"));

        var spec = SpecText.Parse(SpecText.WithSpace($"  a: {{type: categorical, values: [{values}]}}\n"));

        Assert.Equal(max, ((ModelOpt.Search.Spaces.CategoricalDomain)spec.Space["a"].Domain).Choices.Count);
    }

    [Fact]
    public void A_space_that_expands_past_the_parameter_limit_is_reported_at_space()
    {
        var items = string.Join("", Enumerable.Range(0, 10).Select(i => $"      u{i}: {{type: int, low: 1, high: 9}}\n"));

        var error = Assert.Single(SpecText.Errors(SpecText.WithSpace($"  layers:\n    type: list\n    size: 256\n    item:\n{items}")));

        Assert.Equal($"space (line 5, column 3): has more than {SpecLimits.Submission.MaxParameters} parameters once lists are expanded; " +
                     $"at most {SpecLimits.Submission.MaxParameters} are supported", error.ToString());
    }

    [Fact]
    public void Thousands_of_problems_are_listed_up_to_the_limit_with_a_last_line_saying_there_are_more()
    {
        var values = string.Join(", ", Enumerable.Repeat("same", 5_000));

        var errors = SpecText.Errors(SpecText.WithSpace($"  a: {{type: categorical, values: [{values}]}}\n"));

        Assert.Equal(SpecLimits.Submission.MaxErrors + 1, errors.Count);
        Assert.StartsWith("more problems than the 100 listed", errors[^1].Message);
    }

    [Fact]
    public void A_spec_the_journal_holds_is_read_without_the_submission_limits()
    {
        var overLimits = HostileSpecs.HundredMillionTrials();
        Assert.Throws<SpecException>(() => SpecParser.Parse(overLimits, SearchCatalog.BuiltIn));

        var spec = SpecParser.Parse(overLimits, SearchCatalog.BuiltIn, limits: SpecLimits.Accepted);

        Assert.Equal(100_000_000, spec.Budget.MaxTrials);
    }

    private static (SpecError Error, long Allocated) Refused(string text)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsAny<SpecException>(() => SpecParser.Parse(text, SearchCatalog.BuiltIn));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return (Assert.Single(e.Errors), allocated);
    }
}
