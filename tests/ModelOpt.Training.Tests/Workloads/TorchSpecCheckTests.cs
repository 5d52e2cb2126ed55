using ModelOpt.Search;
using ModelOpt.Search.Specs;
using Xunit;

namespace ModelOpt.Training.Tests.Workloads;

/// <summary>Spec validation knows which metrics a torch workload reports, so an objective it can never produce is an error before anything runs.</summary>
public class TorchSpecCheckTests
{
    private static readonly SearchCatalog Catalog = TrainingCatalog.AddTo(SearchCatalog.BuiltIn);

    private static string Spec(string objective, string workload = "", string space = "") => $$"""
        apiVersion: modelopt/v1
        name: check
        objective: {{objective}}
        space:
          lr: {type: float, low: 0.001, high: 0.1, log: true}
        {{space}}
        budget: {maxTrials: 2, maxEpochsPerTrial: 1}
        workload: {kind: torch, dataset: synthetic{{workload}}}
        """;

    [Theory]
    [InlineData("{metric: val_accuracy, mode: max}", "")]
    [InlineData("{metric: val_f1, mode: max}", "")]
    [InlineData("{metric: val_recall, mode: max}", "")]
    [InlineData("{metric: val_precision, mode: max}", "")]
    [InlineData("{metric: val_loss, mode: min, also: [{metric: parameters, mode: min}]}", "")]
    [InlineData("{metric: val_f1, mode: max}", ", evaluation: kfold, folds: 3")]
    [InlineData("{metric: val_f1_std, mode: min}", ", evaluation: kfold, folds: 3")]
    [InlineData("{metric: fold2_val_f1, mode: max}", ", evaluation: kfold, folds: 3")]
    [InlineData("{metric: test_f1, mode: max}", ", testFraction: 0.2")]
    [InlineData("{metric: val_robust_accuracy, mode: max}", ", robustness: {attack: pgd, epsilon: 0.1, steps: 3}")]
    [InlineData("{metric: val_weighted_accuracy, mode: max}", ", tasks: [{name: c}, {name: odd, labels: 'y % 2'}]")]
    [InlineData("{metric: val_odd_f1, mode: max}", ", tasks: [{name: c}, {name: odd, labels: 'y % 2'}]")]
    public void Objectives_the_workload_reports_are_accepted(string objective, string workload) =>
        SpecParser.Parse(Spec(objective, workload), Catalog);

    [Theory]
    [InlineData("{metric: val_acc, mode: max}", "", "objective.metric", "does not report 'val_acc'")]
    [InlineData("{metric: val_loss, mode: min, also: [{metric: params, mode: min}]}", "", "objective.also[0].metric", "does not report 'params'")]
    [InlineData("{metric: val_robust_accuracy, mode: max}", "", "objective.metric", "workload.robustness")]
    [InlineData("{metric: test_accuracy, mode: max}", "", "objective.metric", "test split")]
    [InlineData("{metric: val_f1_std, mode: min}", "", "objective.metric", "does not report")]
    [InlineData("{metric: fold3_val_f1, mode: max}", ", evaluation: kfold, folds: 3", "objective.metric", "3 folds")]
    [InlineData("{metric: val_parity_accuracy, mode: max}", "", "objective.metric", "workload.tasks")]
    [InlineData("{metric: val_weighted_accuracy, mode: max}", "", "objective.metric", "workload.tasks")]
    [InlineData("{metric: val_even_accuracy, mode: max}", ", tasks: [{name: c}, {name: odd, labels: 'y % 2'}]", "objective.metric", "does not report")]
    public void Objectives_the_workload_never_reports_are_errors(string objective, string workload, string path, string message)
    {
        var error = Assert.Single(Assert.Throws<SpecException>(() => SpecParser.Parse(Spec(objective, workload), Catalog)).Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("", "need workload.tasks")]
    [InlineData(", tasks: [{name: c}, {name: odd, labels: 'y % 2'}]", "no task named 'even'")]
    public void Task_loss_weights_must_name_a_task(string workload, string message)
    {
        var spec = Spec("{metric: val_accuracy, mode: max}", workload, "  taskWeight_even: {type: float, low: 0, high: 1}");
        var error = Assert.Single(Assert.Throws<SpecException>(() => SpecParser.Parse(spec, Catalog)).Errors);
        Assert.Equal("space.taskWeight_even", error.Path);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("  adversarial: {type: categorical, values: [none, fgsm, cw]}", "space.adversarial", "'cw' is not an attack")]
    [InlineData("  adversarial: deepfool", "space.adversarial", "'deepfool' is not an attack")]
    [InlineData("  labelSmoothing: {type: float, low: 0, high: 1}", "space.labelSmoothing", "[0, 1)")]
    [InlineData("  advWeight: {type: categorical, values: [0.5, 2]}", "space.advWeight", "reaches 2")]
    [InlineData("  advEpsilon: 0", "space.advEpsilon", "(0, ∞]")]
    [InlineData("  advSteps: {type: int, low: 0, high: 5}", "space.advSteps", "reaches 0")]
    [InlineData("  advStepSize: big", "space.advStepSize", "must be a number")]
    public void Technique_values_the_trial_would_reject_are_spec_errors(string parameter, string path, string message)
    {
        var error = Assert.Single(Assert.Throws<SpecException>(() => SpecParser.Parse(Spec("{metric: val_accuracy, mode: max}", space: parameter), Catalog)).Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("  precision: {type: categorical, values: [fp32, bf8]}", "", "'bf8' is not a precision")]
    [InlineData("  precision: {type: float, low: 16, high: 32}", "", "categorical or a constant")]
    [InlineData("  precision: {type: categorical, values: [fp32, fp16]}", ", device: cpu", "fp16 needs a CUDA GPU")]
    public void Precisions_a_trial_could_not_train_in_are_spec_errors(string parameter, string workload, string message)
    {
        var error = Assert.Single(Assert.Throws<SpecException>(() => SpecParser.Parse(Spec("{metric: val_accuracy, mode: max}", workload, parameter), Catalog)).Errors);
        Assert.Equal("space.precision", error.Path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Mixed_precision_is_searchable() =>
        SpecParser.Parse(Spec("{metric: val_accuracy, mode: max}", space: "  precision: {type: categorical, values: [fp32, bf16, fp16]}"), Catalog);

    [Fact]
    public void Technique_values_the_trial_accepts_pass()
    {
        const string space = "  adversarial: {type: categorical, values: [none, fgsm, pgd]}\n  advEpsilon: {type: float, low: 0.01, high: 0.3}\n" +
                             "  labelSmoothing: {type: categorical, values: [0, 0.1]}\n  advSteps: {type: int, low: 1, high: 10}";
        SpecParser.Parse(Spec("{metric: val_accuracy, mode: max}", space: space), Catalog);
    }

    [Fact]
    public void Robustness_options_are_validated()
    {
        var errors = Assert.Throws<SpecException>(() => SpecParser.Parse(Spec("{metric: val_accuracy, mode: max}", ", robustness: {attack: cw, epsilon: -1, steps: 3, colour: red}"), Catalog)).Errors;
        var paths = errors.Select(e => e.Path).ToList();
        Assert.Contains("workload.robustness.attack", paths);
        Assert.Contains("workload.robustness.epsilon", paths);
        Assert.Contains("workload.robustness.colour", paths);
        var fgsm = Assert.Single(Assert.Throws<SpecException>(() => SpecParser.Parse(Spec("{metric: val_accuracy, mode: max}", ", robustness: {attack: fgsm, steps: 3}"), Catalog)).Errors);
        Assert.Equal("workload.robustness.steps", fgsm.Path);
    }
}
