using ModelOpt.Search;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Checkpoints;
using ModelOpt.Training.Techniques.Distillation;
using ModelOpt.Training.Trainer;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Techniques;

public class DistillationTests
{
    [Fact]
    public void The_distillation_loss_differs_from_cross_entropy_and_reduces_to_it_at_alpha_zero()
    {
        manual_seed(1);
        using var student = randn(16, 5, requires_grad: true);
        using var teacher = randn(16, 5) * 3;
        using var labels = randint(0, 5, [16]);
        using var ce = nn.functional.cross_entropy(student, labels);
        using var mixed = DistillationLoss.Compute(student, teacher, ce, 4, 0.5);
        using var plain = DistillationLoss.Compute(student, teacher, ce, 4, 0);
        Assert.True(Math.Abs(mixed.item<float>() - ce.item<float>()) > 1e-3);
        Assert.Equal(ce.item<float>(), plain.item<float>(), 5);
        // The soft term is zero when the student already matches the teacher.
        using var same = DistillationLoss.Compute(teacher, teacher, zeros(1).squeeze(), 2, 1);
        Assert.Equal(0, same.item<float>(), 5);
        mixed.backward();
        Assert.True(student.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Training_with_a_teacher_updates_only_the_student()
    {
        using var data = TestData.BlobSplits(features: 4);
        using var teacher = TestData.Mlp(4, 3, seed: 2);
        using var student = TestData.Mlp(4, 3, seed: 3);
        var before = teacher.parameters().Select(p => p.detach().clone()).ToList();
        var studentBefore = student.parameters().Select(p => p.detach().clone()).ToList();
        var hook = new DistillationHook(teacher, new DistillationSettings(3, 0.7), 256);
        var reports = new List<EpochReport>();
        new ModelTrainer(TestData.Options(TestData.Config(("lr", 0.05)), maxEpochs: 2, hooks: [hook])).Fit(student, data, reports.Add, CancellationToken.None);

        Assert.All(teacher.parameters().Zip(before), x => Assert.Equal(x.Second.data<float>().ToArray(), x.First.detach().data<float>().ToArray()));
        Assert.All(teacher.parameters(), p => Assert.Null(p.grad));
        Assert.Contains(student.parameters().Zip(studentBefore), x => !x.First.detach().data<float>().ToArray().SequenceEqual(x.Second.data<float>().ToArray()));
        Assert.True(reports[^1].Metrics.ContainsKey(DistillationHook.TeacherAccuracyMetric));
    }

    [Fact]
    public async Task A_student_distils_from_the_best_checkpoint_of_an_earlier_trial_named_by_search_and_trial()
    {
        var bed = new TechniqueTestBed();
        await bed.Run(TechniqueTestBed.Workload(), "t1", 2, ("units", 32L));
        var teacherCheckpoint = Path.Combine(bed.TrialDir("t1"), CheckpointStore.Best);
        var teacherWeights = TechniqueTestBed.Weights(teacherCheckpoint, [8], 5);

        var workload = TechniqueTestBed.Workload(("distillation", new Dictionary<string, object?> { ["teacher"] = new Dictionary<string, object?> { ["search"] = "s", ["trial"] = "t1" } }));
        var (result, reports) = await bed.Run(workload, "t2", 2, ("units", 4L), ("distillTemperature", 2.0), ("distillAlpha", 0.8));

        Assert.Equal(2, reports.Count);
        Assert.True(result.Metrics[DistillationHook.TeacherAccuracyMetric] > 0.5);
        Assert.Equal(teacherWeights, TechniqueTestBed.Weights(teacherCheckpoint, [8], 5));
        // The student keeps its own architecture: 4 hidden units, not the teacher's 32.
        Assert.Equal(8 * 4 + 4 + 4 * 4 + 4 + 4 * 5 + 5, result.Metrics["parameters"]);
    }

    [Fact]
    public async Task A_teacher_that_is_not_there_fails_the_trial_as_bad_config_naming_the_option()
    {
        var bed = new TechniqueTestBed();
        var workload = TechniqueTestBed.Workload(("distillation", new Dictionary<string, object?> { ["teacher"] = new Dictionary<string, object?> { ["search"] = "s", ["trial"] = "t9" } }));
        var e = await Assert.ThrowsAsync<TrialFailedException>(() => bed.Run(workload, "t2", 1));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
        Assert.Contains("workload.distillation.teacher", e.Message);
        Assert.Contains("t9", e.Message);
    }

    [Theory]
    [InlineData("distillTemperature", 0.0)]
    [InlineData("distillAlpha", 1.5)]
    public async Task Searchable_settings_out_of_range_fail_the_trial_naming_the_key(string key, double value)
    {
        var bed = new TechniqueTestBed();
        await bed.Run(TechniqueTestBed.Workload(), "t1", 1);
        var workload = TechniqueTestBed.Workload(("distillation", new Dictionary<string, object?> { ["teacher"] = new Dictionary<string, object?> { ["path"] = bed.TrialDir("t1") } }));
        var e = await Assert.ThrowsAsync<TrialFailedException>(() => bed.Run(workload, "t2", 1, (key, value)));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
        Assert.Contains($"'{key}'", e.Message);
    }

    [Fact]
    public void Distillation_without_a_teacher_is_rejected_with_its_path()
    {
        var e = Assert.Throws<SpecException>(() => TechniqueTestBed.Workload(("distillation", new Dictionary<string, object?>())));
        Assert.Contains(e.Errors, x => x.Path == "workload.distillation.teacher" && x.Message.Contains("required"));
        var missing = Assert.Throws<SpecException>(() => TechniqueTestBed.Workload(("distillation", new Dictionary<string, object?> { ["teacher"] = new Dictionary<string, object?> { ["path"] = "/nonexistent/ckpt" } })));
        Assert.Contains(missing.Errors, x => x.Path == "workload.distillation.teacher.path" && x.Message.Contains("no checkpoint"));
        var half = Assert.Throws<SpecException>(() => TechniqueTestBed.Workload(("distillation", new Dictionary<string, object?> { ["teacher"] = new Dictionary<string, object?> { ["search"] = "s" } })));
        Assert.Contains(half.Errors, x => x.Path == "workload.distillation.teacher.trial");
    }
}
