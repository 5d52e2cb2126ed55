using ModelOpt.Search.Workloads;
using ModelOpt.Training.Metrics;
using ModelOpt.Training.Preprocessing;
using ModelOpt.Training.Trainer;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Trainer;

public class ModelTrainerTests
{
    private static readonly string[] EpochMetrics =
        ["train_loss", "val_loss", "val_accuracy", "val_precision", "val_recall", "val_f1", "epoch_seconds", "samples_per_s"];

    [Fact]
    public void Learns_separable_blobs_and_reports_every_metric_each_epoch()
    {
        using var data = TestData.BlobSplits();
        using var model = TestData.Mlp(4, 3);
        var reports = new List<EpochReport>();
        var config = TestData.Config(("lr", 0.05), ("batchSize", 32L));
        var outcome = new ModelTrainer(TestData.Options(config, maxEpochs: 3)).Fit(model, data, reports.Add, CancellationToken.None);

        Assert.Equal([1, 2, 3], reports.Select(r => r.Epoch));
        Assert.All(reports, r => Assert.All(EpochMetrics, name => Assert.True(r.Metrics.ContainsKey(name), name)));
        Assert.True(reports[^1].Metrics[MetricNames.ValAccuracy] > 0.9, $"accuracy {reports[^1].Metrics[MetricNames.ValAccuracy]}");
        Assert.True(reports[^1].Metrics[MetricNames.TrainLoss] < reports[0].Metrics[MetricNames.TrainLoss]);
        Assert.Equal(data.Validation.Count, outcome.ConfusionMatrix.Total);
        Assert.Equal("validation", outcome.ConfusionMatrixSplit);
    }

    [Fact]
    public void Hooks_see_every_training_step_and_epoch_end()
    {
        using var data = TestData.BlobSplits(count: 200);
        using var model = TestData.Mlp(4, 3);
        var hook = new RecordingHook();
        var reports = new List<EpochReport>();
        new ModelTrainer(TestData.Options(TestData.Config(("batchSize", 32L)), 2, [hook])).Fit(model, data, reports.Add, CancellationToken.None);
        // 140 training rows in batches of 32: 5 steps per epoch. Validation never passes through PrepareBatch.
        Assert.Equal(10, hook.Steps);
        Assert.Equal(10, hook.Batches);
        Assert.Equal([0, 1], hook.EpochsEnded);
        Assert.Equal(1, reports[1].Metrics["hook_metric"]);
    }

    [Fact]
    public void Cancelling_from_the_report_callback_stops_before_the_next_epoch()
    {
        using var data = TestData.BlobSplits();
        using var model = TestData.Mlp(4, 3);
        using var cts = new CancellationTokenSource();
        var hook = new RecordingHook();
        var reports = 0;
        Assert.Throws<OperationCanceledException>(() =>
            new ModelTrainer(TestData.Options(TestData.Config(("batchSize", 30L)), 5, [hook])).Fit(model, data, _ => { reports++; cts.Cancel(); }, cts.Token));
        Assert.Equal(1, reports);
        Assert.Equal(7, hook.Steps);
    }

    [Fact]
    public void Cancelling_mid_epoch_stops_within_one_step()
    {
        using var data = TestData.BlobSplits(count: 600);
        using var model = TestData.Mlp(4, 3);
        using var cts = new CancellationTokenSource();
        var hook = new RecordingHook { OnStep = s => { if (s.GlobalStep == 3) cts.Cancel(); } };
        Assert.Throws<OperationCanceledException>(() =>
            new ModelTrainer(TestData.Options(TestData.Config(("batchSize", 8L)), 3, [hook])).Fit(model, data, _ => { }, cts.Token));
        Assert.Equal(4, hook.Steps);
    }

    [Fact]
    public void Cancelling_from_another_thread_stops_within_one_step_of_the_request()
    {
        using var data = TestData.BlobSplits(count: 2000);
        using var model = TestData.Mlp(4, 3);
        using var cts = new CancellationTokenSource();
        using var reached = new ManualResetEventSlim();
        using var resume = new ManualResetEventSlim();
        // The training thread pauses after its third step until the test thread has cancelled.
        var hook = new RecordingHook { OnStep = s => { if (s.GlobalStep == 2) { reached.Set(); resume.Wait(); } } };
        var training = Task.Run(() => new ModelTrainer(TestData.Options(TestData.Config(("batchSize", 1L)), 50, [hook])).Fit(model, data, _ => { }, cts.Token));
        Assert.True(reached.Wait(TimeSpan.FromMinutes(1)));
        cts.Cancel();
        resume.Set();
        Assert.ThrowsAny<OperationCanceledException>(() => training.GetAwaiter().GetResult());
        Assert.Equal(3, hook.Steps);
    }

    [Fact]
    public void A_nan_loss_fails_the_trial_naming_epoch_and_step()
    {
        using var data = TestData.BlobSplits();
        using var model = TestData.Mlp(4, 3);
        var hook = new RecordingHook { Loss = (state, loss) => state.GlobalStep == 12 ? loss * float.NaN : loss };
        var e = Assert.Throws<TrialFailedException>(() =>
            new ModelTrainer(TestData.Options(TestData.Config(("batchSize", 30L)), 3, [hook])).Fit(model, data, _ => { }, CancellationToken.None));
        Assert.Equal(FailureKind.NonFiniteLoss, e.Kind);
        // 210 rows / 30 = 7 steps per epoch: the 13th step is epoch 2, step 6.
        Assert.Equal("loss became NaN at epoch 2 step 6", e.Message);
    }

    [Fact]
    public void A_huge_learning_rate_diverges_into_a_non_finite_loss_failure()
    {
        using var data = TestData.BlobSplits();
        using var model = TestData.Mlp(4, 3);
        var config = TestData.Config(("optimizer", "sgd"), ("lr", 1e30), ("batchSize", 16L));
        var e = Assert.Throws<TrialFailedException>(() => new ModelTrainer(TestData.Options(config, 3)).Fit(model, data, _ => { }, CancellationToken.None));
        Assert.Equal(FailureKind.NonFiniteLoss, e.Kind);
    }

    [Fact]
    public void Augmentation_changes_training_batches_only()
    {
        using var data = TestData.BlobSplits();
        using var model = TestData.Mlp(4, 3);
        using var validationBefore = data.Validation.Features.clone();
        using var trainBefore = data.Train.Features.clone();
        using var augmenter = new Augmenter(new AugmentationSettings(0, 0, 5.0), 1);
        var seen = new List<float>();
        var probe = new BatchProbe(seen);
        new ModelTrainer(TestData.Options(TestData.Config(("batchSize", 500L)), 1, [new AugmentationHook(augmenter), probe])).Fit(model, data, _ => { }, CancellationToken.None);
        // One batch of the whole training split: the model saw noisy rows (variance + 25), the stored splits are untouched.
        Assert.True(seen.Single() > 10f, $"training batch variance grew by {seen.Single()}");
        Assert.True(data.Validation.Features.allclose(validationBefore, 0, 0));
        Assert.True(data.Train.Features.allclose(trainBefore, 0, 0));
    }

    private sealed class BatchProbe(List<float> seen) : ITrainingHook
    {
        public Tensor PrepareBatch(TrainingState state, Tensor input, Tensor target)
        {
            seen.Add(input.var().item<float>() - state.Data.Train.Features.var().item<float>());
            return input;
        }
    }
}
