using ModelOpt.Search.Specs;
using Xunit;

namespace ModelOpt.Search.Tests.Specs;

public class SpecParserErrorTests
{
    [Fact]
    public void Every_problem_is_reported_at_once_with_path_and_position()
    {
        var errors = SpecText.Errors("""
            apiVersion: modelopt/v2
            name: Bad Name
            objective: {metric: value, mode: maximize}
            space:
              lr: {type: float, low: 0, high: 0.1, log: true}
              n: {type: int, low: 1.5, high: 4}
              opt: {type: categorical, values: []}
            budget: {maxTrials: 0, maxConcurrent: 2, maxWallTime: soon}
            trial: {retries: -1}
            workload: {kind: function, function: branin}
            """);

        Assert.Equal(
            [
                "apiVersion (line 1, column 13): unsupported version 'modelopt/v2'; this release reads modelopt/v1",
                "name (line 2, column 7): must be 1 to 63 characters of a-z, 0-9, '-', '_' and '.', got 'Bad Name'",
                "objective.mode (line 3, column 34): must be one of min, max, got 'maximize'",
                "space.lr (line 5, column 26): log scale needs low > 0, got 0",
                "space.n.low (line 6, column 23): must be an integer, got 1.5",
                "space.opt.values (line 7, column 36): must be a non-empty list of values, got an empty list",
                "budget.maxTrials (line 8, column 21): must be ≥ 1, got 0",
                "budget.maxWallTime (line 8, column 55): must be a positive duration such as 30s, 10m, 2h, 1h30m or a number of seconds, got 'soon'",
                "trial.retries (line 9, column 18): must be ≥ 0, got -1",
            ],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void The_exception_message_lists_every_problem()
    {
        var e = Assert.Throws<SpecException>(() => SpecParser.Parse("apiVersion: modelopt/v1\nname: x\n", SearchCatalog.BuiltIn));

        foreach (var path in new[] { "objective", "space", "budget", "workload" })
            Assert.Contains($"{path} (line 1, column 1): required", e.Message);
    }

    [Fact]
    public void Malformed_yaml_is_one_error_with_its_line_and_column()
    {
        var error = Assert.Single(SpecText.Errors("apiVersion: modelopt/v1\nname: x\nspace:\n  lr: {type: float, low: 0\n  x: 1\n"));

        Assert.Equal("spec", error.Path);
        Assert.StartsWith("not valid YAML", error.Message);
        Assert.NotNull(error.Line);
        Assert.InRange(error.Line!.Value, 4, 5);
        Assert.NotNull(error.Column);
    }

    [Fact]
    public void Duplicate_keys_are_malformed_yaml()
    {
        var error = Assert.Single(SpecText.Errors(SpecText.Branin("name: again\n")));

        Assert.StartsWith("not valid YAML", error.Message);
        Assert.Equal(9, error.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void An_empty_spec_is_rejected(string text) =>
        Assert.Equal("spec: the spec is empty", Assert.Single(SpecText.Errors(text)).ToString());

    [Fact]
    public void A_spec_that_is_not_a_mapping_is_rejected()
    {
        var error = Assert.Single(SpecText.Errors("- a\n- b\n"));
        Assert.Equal("spec", error.Path);
        Assert.Contains("must be a mapping", error.Message);
    }

    [Fact]
    public void Unknown_keys_are_rejected_at_every_level_with_a_suggestion()
    {
        var errors = SpecText.Errors(SpecText.Branin("sede: 3\n")
            .Replace("budget: {maxTrials: 10}", "budget: {maxtrial: 10, maxTrials: 10}")
            .Replace("x1: {type: float, low: 0, high: 15}", "x1: {type: float, low: 0, hihg: 15, high: 15}")
            .Replace("mode: min}", "mode: min, direction: up}"));

        Assert.Equal("unknown key 'sede'; did you mean 'seed'?", errors.At("sede").Message);
        Assert.Equal("unknown key 'maxtrial'; did you mean 'maxTrials'?", errors.At("budget.maxtrial").Message);
        Assert.Equal("unknown key 'hihg' for a float parameter; did you mean 'high'?", errors.At("space.x1.hihg").Message);
        Assert.Equal("unknown key 'direction'", errors.At("objective.direction").Message);
        Assert.Equal((7, 10), (errors.At("budget.maxtrial").Line, errors.At("budget.maxtrial").Column));
    }

    [Fact]
    public void A_misspelt_required_key_is_one_error_not_two()
    {
        var errors = SpecText.Errors(SpecText.Branin()
            .Replace("maxTrials: 10", "maxtrials: 10")
            .Replace("x1: {type: float,", "x1: {tpye: float,"));

        Assert.Equal(2, errors.Count);
        Assert.Equal("unknown key 'maxtrials'; did you mean 'maxTrials'?", errors.At("budget.maxtrials").Message);
        Assert.Equal("unknown key 'tpye'; did you mean 'type'?", errors.At("space.x1.tpye").Message);
    }

    [Fact]
    public void A_missing_required_key_is_reported_at_its_mapping()
    {
        var error = SpecText.Errors(SpecText.Branin().Replace("budget: {maxTrials: 10}", "budget: {maxConcurrent: 2}")).At("budget.maxTrials");

        Assert.Equal("required", error.Message);
        Assert.Equal((7, 9), (error.Line, error.Column));
    }

    [Fact]
    public void Keys_that_belong_to_another_parameter_type_are_unknown()
    {
        var errors = SpecText.Errors(SpecText.WithSpace("  a: {type: float, low: 0, high: 1, values: [1, 2]}\n"));

        Assert.Equal("unknown key 'values' for a float parameter", errors.At("space.a.values").Message);
    }

    [Fact]
    public void Unknown_searcher_scheduler_and_workload_are_named_with_suggestions()
    {
        var errors = SpecText.Errors(SpecText.Branin("searcher: randon\nscheduler: {type: nonesuch}\n")
            .Replace("kind: function", "kind: functoin"));

        Assert.Equal("unknown searcher 'randon'; did you mean 'random'?", errors.At("searcher.type").Message);
        Assert.StartsWith("unknown scheduler 'nonesuch'; known: ", errors.At("scheduler.type").Message);
        Assert.Equal("unknown workload kind 'functoin'; did you mean 'function'?", errors.At("workload.kind").Message);
    }

    [Fact]
    public void Algorithm_option_errors_are_collected_from_every_section_with_positions()
    {
        var errors = SpecText.Errors(SpecText.Branin("searcher: {type: random, depth: 3}\nscheduler: {type: fifo, patience: 2}\n")
            .Replace("function: branin}", "function: branin, noise: -1}"));

        Assert.Equal("unknown option", errors.At("searcher.depth").Message);
        Assert.Equal(9, errors.At("searcher.depth").Line);
        Assert.Equal("unknown option", errors.At("scheduler.patience").Message);
        Assert.Equal(10, errors.At("scheduler.patience").Line);
        Assert.Contains("got -1", errors.At("workload.noise").Message);
        Assert.Equal(8, errors.At("workload.noise").Line);
    }

    [Fact]
    public void Option_errors_are_found_even_when_the_space_is_broken()
    {
        var errors = SpecText.Errors(SpecText.Branin("searcher: {type: random, depth: 3}\n")
            .Replace("low: -5, high: 10", "low: 10, high: -5"));

        Assert.Contains(errors, e => e.Path == "space.x0");
        Assert.Contains(errors, e => e.Path == "searcher.depth");
    }

    [Theory]
    [InlineData("{type: float, low: 1, high: 1}", "space.p", "low must be < high, got low 1 and high 1 (use a constant for a single value)")]
    [InlineData("{type: float, low: 0, high: 1, step: 0}", "space.p.step", "must be > 0, got 0")]
    [InlineData("{type: float, low: 0, high: 1, step: 2}", "space.p.step", "must be ≤ high - low (1), got 2")]
    [InlineData("{type: float, low: 0, high: 1, step: 0.3}", "space.p.step", "high - low (1) must be a whole multiple of step, got 0.3")]
    [InlineData("{type: float, low: 1, high: 8, log: true, step: 1}", "space.p.step", "cannot be combined with log scale")]
    [InlineData("{type: float, low: a, high: 1}", "space.p.low", "must be a number, got 'a'")]
    [InlineData("{type: float, low: .inf, high: 1}", "space.p.low", "must be a finite number, got .inf")]
    [InlineData("{type: float, high: 1}", "space.p.low", "required")]
    [InlineData("{type: float, low: 0, high: 1, log: yes}", "space.p.log", "must be true or false, got 'yes'")]
    [InlineData("{type: int, low: 0, high: 10, log: true}", "space.p", "log scale needs low > 0, got 0")]
    [InlineData("{type: int, low: 0, high: 10, step: 3}", "space.p.step", "high - low (10) must be a whole multiple of step, got 3")]
    [InlineData("{type: int, low: 0, high: 10, step: 0}", "space.p.step", "must be ≥ 1, got 0")]
    [InlineData("{type: categorical, values: [a, b, a]}", "space.p.values[2]", "duplicate of space.p.values[0] (a)")]
    [InlineData("{type: categorical, values: [1, 1.0]}", "space.p.values[1]", "duplicate of space.p.values[0] (1)")]
    [InlineData("{type: categorical, values: [a, ~]}", "space.p.values[1]", "needs a value (null is not one)")]
    [InlineData("{type: categorical, values: a}", "space.p.values", "must be a non-empty list of values, got 'a'")]
    [InlineData("{type: constant}", "space.p.value", "required")]
    [InlineData("{type: floaty, low: 0, high: 1}", "space.p.type", "must be one of float, int, categorical, constant, list, got 'floaty'; did you mean 'float'?")]
    [InlineData("[1, 2]", "space.p", "a parameter is a constant value or a mapping with a type (float, int, categorical, constant, list); for a choice write {type: categorical, values: [...]}")]
    [InlineData("~", "space.p", "needs a value (null is not one)")]
    public void Each_bad_domain_is_explained(string parameter, string path, string message)
    {
        var errors = SpecText.Errors(SpecText.WithSpace($"  p: {parameter}\n"));

        Assert.Equal(message, errors.At(path).Message);
        Assert.Equal(5, errors.At(path).Line);
    }

    [Fact]
    public void Bad_parameter_names_are_rejected()
    {
        var errors = SpecText.Errors(SpecText.WithSpace("  bad-name: 1\n  \"a.b\": 2\n"));

        Assert.Equal(2, errors.Count(e => e.Message.StartsWith("a parameter name is letters, digits and '_'")));
    }

    [Fact]
    public void Function_workload_needs_its_inputs_and_the_value_metric()
    {
        var errors = SpecText.Errors(SpecText.Branin()
            .Replace("metric: value", "metric: loss")
            .Replace("  x1: {type: float, low: 0, high: 15}\n", "  y: {type: float, low: 0, high: 15}\n"));

        Assert.Equal("the function workload reports 'value', got 'loss'", errors.At("objective.metric").Message);
        Assert.Equal("function 'branin' needs parameters x0, x1; missing x1", errors.At("space").Message);
        Assert.Equal("function 'branin' reads only x0, x1", errors.At("space.y").Message);
        Assert.Equal(6, errors.At("space.y").Line);
    }

    [Fact]
    public void Function_inputs_must_be_numeric()
    {
        var errors = SpecText.Errors(SpecText.Branin().Replace("x1: {type: float, low: 0, high: 15}", "x1: {type: categorical, values: [a, b]}"));

        Assert.Contains("must be numbers", errors.At("space.x1").Message);
    }

    [Fact]
    public void Training_workloads_must_state_their_epoch_budget()
    {
        var errors = SpecText.Errors(SpecText.WithSpace("  a: 1\n").Replace(", maxEpochsPerTrial: 3", ""));

        Assert.Equal("required", errors.At("budget.maxEpochsPerTrial").Message);
    }

    [Fact]
    public void More_concurrent_trials_than_trials_is_allowed()
    {
        var spec = SpecText.Parse(SpecText.Branin().Replace("maxTrials: 10", "maxTrials: 2, maxConcurrent: 8"));

        Assert.Equal(8, spec.Budget.MaxConcurrent);
    }
}
