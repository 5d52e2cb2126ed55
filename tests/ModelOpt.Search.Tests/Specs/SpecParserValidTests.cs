using ModelOpt.Search.Spaces;
using ModelOpt.Search.Specs;
using Xunit;

namespace ModelOpt.Search.Tests.Specs;

public class SpecParserValidTests
{
    private const string FullSpec = """
        apiVersion: modelopt/v1
        name: mnist-tpe
        seed: 42
        objective: {metric: loss, mode: max}
        space:
          lr: {type: float, low: 1.0e-4, high: 0.1, log: true}
          dropout: {type: float, low: 0, high: 0.5, step: 0.05}
          batchSize: {type: int, low: 32, high: 256, log: true}
          optimizer: {type: categorical, values: [sgd, adam, adamw]}
          momentum: {type: float, low: 0.0, high: 0.99, when: {optimizer: [sgd]}}
          epochs: 10
        searcher: {type: random}
        scheduler: fifo
        budget: {maxTrials: 50, maxConcurrent: 4, maxWallTime: 30m, maxEpochsPerTrial: 10}
        trial: {retries: 2, timeout: 10m}
        workload: {kind: spec-test-any-space}
        """;

    [Fact]
    public void A_full_yaml_spec_maps_onto_the_spec_records()
    {
        var spec = SpecText.Parse(FullSpec);

        Assert.Equal("modelopt/v1", spec.ApiVersion);
        Assert.Equal("mnist-tpe", spec.Name);
        Assert.Equal(42UL, spec.Seed);
        Assert.Equal(new Objective("loss", ObjectiveMode.Max), spec.Objective);
        Assert.Equal(new FloatDomain(1e-4, 0.1, Log: true), spec.Space["lr"].Domain);
        Assert.Equal(new FloatDomain(0, 0.5, Step: 0.05), spec.Space["dropout"].Domain);
        Assert.Equal(new IntDomain(32, 256, Log: true), spec.Space["batchSize"].Domain);
        Assert.Equal(new CategoricalDomain([ParameterValue.String("sgd"), ParameterValue.String("adam"), ParameterValue.String("adamw")]), spec.Space["optimizer"].Domain);
        Assert.Equal([ParameterCondition.In("optimizer", ParameterValue.String("sgd"))], spec.Space["momentum"].Conditions);
        Assert.Equal(new ConstantDomain(ParameterValue.Int(10)), spec.Space["epochs"].Domain);
        Assert.Equal("random", spec.Searcher.Type);
        Assert.Equal("fifo", spec.Scheduler.Type);
        Assert.Equal(new BudgetSpec(50, 4, TimeSpan.FromMinutes(30), 10), spec.Budget);
        Assert.Equal(new TrialSpec(2, TimeSpan.FromMinutes(10)), spec.Trial);
        Assert.Equal(SpecText.AnySpaceKind, spec.Workload.Kind);
        Assert.Equal(FullSpec, spec.Source);
    }

    [Fact]
    public void The_same_spec_written_as_json_parses_to_the_same_values()
    {
        var json = """
            {
              "apiVersion": "modelopt/v1",
              "name": "mnist-tpe",
              "seed": 42,
              "objective": {"metric": "loss", "mode": "max"},
              "space": {
                "lr": {"type": "float", "low": 1.0e-4, "high": 0.1, "log": true},
                "dropout": {"type": "float", "low": 0, "high": 0.5, "step": 0.05},
                "batchSize": {"type": "int", "low": 32, "high": 256, "log": true},
                "optimizer": {"type": "categorical", "values": ["sgd", "adam", "adamw"]},
                "momentum": {"type": "float", "low": 0.0, "high": 0.99, "when": {"optimizer": ["sgd"]}},
                "epochs": 10
              },
              "searcher": {"type": "random"},
              "scheduler": "fifo",
              "budget": {"maxTrials": 50, "maxConcurrent": 4, "maxWallTime": "30m", "maxEpochsPerTrial": 10},
              "trial": {"retries": 2, "timeout": 600},
              "workload": {"kind": "spec-test-any-space"}
            }
            """;
        var fromJson = SpecText.Parse(json);
        var fromYaml = SpecText.Parse(FullSpec);

        Assert.Equal(fromYaml.Space.Parameters, fromJson.Space.Parameters);
        Assert.Equal(fromYaml.Objective, fromJson.Objective);
        Assert.Equal(fromYaml.Budget, fromJson.Budget);
        Assert.Equal(fromYaml.Trial, fromJson.Trial);
        Assert.Equal(fromYaml.Seed, fromJson.Seed);
    }

    [Fact]
    public void Defaults_fill_what_a_function_spec_leaves_out()
    {
        var spec = SpecText.Parse(SpecText.Branin());

        Assert.Equal(0UL, spec.Seed);
        Assert.Equal(SpecParser.DefaultSearcher, spec.Searcher.Type);
        Assert.Empty(spec.Searcher.Options);
        Assert.Equal("fifo", spec.Scheduler.Type);
        Assert.Equal(new BudgetSpec(10, 1, null, 1), spec.Budget);
        Assert.Equal(new TrialSpec(0, null), spec.Trial);
    }

    [Fact]
    public void Reparsing_the_stored_source_gives_the_same_spec()
    {
        var first = SpecText.Parse(FullSpec);
        var again = SpecText.Parse(first.Source);

        Assert.Equal(first.Space.Parameters, again.Space.Parameters);
        Assert.Equal(first with { Space = again.Space, Searcher = again.Searcher, Scheduler = again.Scheduler, Workload = again.Workload }, again);
    }

    [Theory]
    [InlineData("true", ValueKind.Bool, "true")]
    [InlineData("false", ValueKind.Bool, "false")]
    [InlineData("3", ValueKind.Int, "3")]
    [InlineData("-3", ValueKind.Int, "-3")]
    [InlineData("1e-3", ValueKind.Float, "0.001")]
    [InlineData("2.5", ValueKind.Float, "2.5")]
    [InlineData("\"3\"", ValueKind.String, "3")]
    [InlineData("'true'", ValueKind.String, "true")]
    [InlineData("yes", ValueKind.String, "yes")]
    [InlineData("relu", ValueKind.String, "relu")]
    public void Constants_take_their_yaml_type(string literal, ValueKind kind, string shown)
    {
        var spec = SpecText.Parse(SpecText.WithSpace($"  a: {{type: float, low: 0, high: 1}}\n  c: {literal}\n"));

        var value = Assert.IsType<ConstantDomain>(spec.Space["c"].Domain).Value;
        Assert.Equal(kind, value.Kind);
        Assert.Equal(shown, value.ToString());
    }

    [Fact]
    public void Categorical_values_keep_mixed_types_apart()
    {
        var spec = SpecText.Parse(SpecText.WithSpace("  c: {type: categorical, values: [3, \"3\", true, 0.5]}\n"));

        var choices = Assert.IsType<CategoricalDomain>(spec.Space["c"].Domain).Choices;
        Assert.Equal([ValueKind.Int, ValueKind.String, ValueKind.Bool, ValueKind.Float], choices.Select(c => c.Kind));
    }

    [Fact]
    public void An_explicit_constant_may_carry_a_condition()
    {
        var spec = SpecText.Parse(SpecText.WithSpace("  opt: {type: categorical, values: [sgd, adam]}\n  nesterov: {type: constant, value: true, when: {opt: sgd}}\n"));

        Assert.Equal(new ConstantDomain(ParameterValue.Bool(true)), spec.Space["nesterov"].Domain);
        Assert.Equal("opt", Assert.Single(spec.Space["nesterov"].Conditions).Parent);
    }

    [Fact]
    public void Parameters_keep_the_order_they_are_written_in()
    {
        var spec = SpecText.Parse(SpecText.WithSpace("  zeta: 1\n  alpha: 2\n  mid: {type: int, low: 0, high: 3}\n  beta: 4\n"));

        Assert.Equal(["zeta", "alpha", "mid", "beta"], spec.Space.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void Workload_options_are_kept_as_plain_typed_values_without_the_kind()
    {
        var spec = SpecText.Parse(SpecText.Branin()
            .Replace("  x1: {type: float, low: 0, high: 15}\n", "  x1: {type: float, low: 0, high: 15}\n  x2: {type: float, low: -2, high: 2}\n")
            .Replace("function: branin}", "function: rosenbrock, dimensions: 3, noise: 0.5}"));

        Assert.Equal(
            new Dictionary<string, object?> { ["function"] = "rosenbrock", ["dimensions"] = 3L, ["noise"] = 0.5 },
            spec.Workload.Options);
    }

    [Fact]
    public void ParseFile_reads_a_file_and_names_it_in_document_errors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"modelopt-spec-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "apiVersion: [unclosed\n");
        try
        {
            var error = Assert.Single(Assert.Throws<SpecException>(() => SpecParser.ParseFile(path, SearchCatalog.BuiltIn)).Errors);
            Assert.Equal(path, error.Path);
        }
        finally { File.Delete(path); }
    }
}
