using ModelOpt.Search.Spaces;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Search.Tests.Workloads;

public class FunctionWorkloadTests
{
    private static ITrialWorkload Build(string options) =>
        SearchCatalog.BuiltIn.Workloads.Create(SpecParser.Parse(
            "apiVersion: modelopt/v1\nname: f\nobjective: {metric: value, mode: min}\n" +
            "space: {x0: {type: float, low: -5, high: 10}, x1: {type: float, low: 0, high: 15}}\n" +
            "budget: {maxTrials: 1}\n" +
            $"workload: {{kind: function, {options}}}\n", SearchCatalog.BuiltIn).Workload);

    private static TrialContext Trial(ulong seed, params double[] x) =>
        new("s", "t", new Config(x.Select((v, i) => KeyValuePair.Create($"x{i}", ParameterValue.Float(v)))), MaxEpochs: 1, Seed: seed);

    [Fact]
    public async Task Branin_reports_its_value_once_as_epoch_one()
    {
        var reports = new List<EpochReport>();

        var result = await Build("function: branin").RunAsync(Trial(1, Math.PI, 2.275), reports.Add, CancellationToken.None);

        var report = Assert.Single(reports);
        Assert.Equal(1, report.Epoch);
        Assert.Equal(0.397887, report.Metrics["value"], 5);
        Assert.Equal(report.Metrics["value"], result.Metrics["value"]);
    }

    [Fact]
    public async Task A_resumed_trial_reports_the_epoch_after_its_start_epoch()
    {
        var reports = new List<EpochReport>();
        var resumed = Trial(1, Math.PI, 2.275) with { MaxEpochs = 4, StartEpoch = 3 };

        await Build("function: branin").RunAsync(resumed, reports.Add, CancellationToken.None);

        Assert.Equal(4, Assert.Single(reports).Epoch);
    }

    [Fact]
    public async Task Noise_is_seeded_by_the_trial_seed()
    {
        var workload = Build("function: branin, noise: 0.5");
        async Task<double> Value(ulong seed) =>
            (await workload.RunAsync(Trial(seed, Math.PI, 2.275), _ => { }, CancellationToken.None)).Metrics["value"];

        Assert.Equal(await Value(3), await Value(3));
        Assert.NotEqual(await Value(3), await Value(4));
        Assert.NotEqual(0.397887, await Value(3), 3);
    }

    [Fact]
    public async Task Rosenbrock_uses_its_dimensions_option()
    {
        var workload = FunctionWorkload.Create(new WorkloadSpec("function", new Dictionary<string, object?>()),
            new AlgorithmOptions("workload", new Dictionary<string, object?> { ["function"] = "rosenbrock", ["dimensions"] = 3L }));

        var atMinimum = await workload.RunAsync(Trial(0, 1, 1, 1), _ => { }, CancellationToken.None);
        Assert.Equal(3, workload.Function.Space.Parameters.Count);
        Assert.Equal(0, atMinimum.Metrics["value"], 12);
    }

    [Fact]
    public async Task A_configuration_without_the_inputs_fails_as_a_bad_config()
    {
        var workload = Build("function: branin");

        var failure = await Assert.ThrowsAsync<TrialFailedException>(() => workload.RunAsync(Trial(0, 1), _ => { }, CancellationToken.None));
        Assert.Equal(FailureKind.BadConfig, failure.Kind);
    }

    [Fact]
    public void Bad_options_are_all_reported()
    {
        var e = Assert.Throws<SpecException>(() => FunctionWorkload.Create(new WorkloadSpec("function", new Dictionary<string, object?>()),
            new AlgorithmOptions("workload", new Dictionary<string, object?> { ["function"] = "branon", ["noise"] = -1.0, ["dims"] = 2L })));

        Assert.Equal(["workload.dims", "workload.function", "workload.noise"], e.Errors.Select(x => x.Path).Order());
    }

    [Fact]
    public void A_function_key_without_a_value_is_a_spec_error_not_a_crash()
    {
        // Found by SpecParserFuzzTests (100,000 cases, seed 127iK7WhV2G1): "function:" with nothing after it read as
        // present but empty, no error was raised, and the spec check dereferenced the missing function.
        var e = Assert.Throws<SpecException>(() => Build("function: "));

        Assert.Equal("workload.function", Assert.Single(e.Errors).Path);
        Assert.Contains("required", e.Errors[0].Message);
    }

    [Fact]
    public void Dimensions_apply_only_to_rosenbrock()
    {
        var e = Assert.Throws<SpecException>(() => FunctionWorkload.Create(new WorkloadSpec("function", new Dictionary<string, object?>()),
            new AlgorithmOptions("workload", new Dictionary<string, object?> { ["function"] = "branin", ["dimensions"] = 3L })));

        Assert.Equal("workload.dimensions: unknown option", Assert.Single(e.Errors).ToString());
    }

    [Fact]
    public void The_function_kind_is_registered_without_any_set_up() =>
        Assert.Contains("function", SearchCatalog.BuiltIn.Workloads.Kinds);
}
