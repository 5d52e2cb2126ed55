using ModelOpt.Search.Workloads;
using ModelOpt.Training.Checkpoints;
using ModelOpt.Training.Trainer;
using Xunit;
using static TorchSharp.torch;

namespace ModelOpt.Training.Tests.Checkpoints;

public class CheckpointStoreTests
{
    private static float[] Weights(nn.Module model) => model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    [Fact]
    public void Weights_and_description_round_trip()
    {
        var dir = TestData.TempDirectory();
        using var model = TestData.Mlp(4, 3, seed: 1);
        var config = TestData.Config(("lr", 0.01), ("batchSize", 32L), ("optimizer", "adam"), ("bn", true));
        var info = new CheckpointInfo(3, "val_accuracy", 0.75, "adam", CheckpointStore.ConfigToJson(config), "mlp");
        var path = CheckpointStore.Save(dir, CheckpointStore.Best, model, null, info);

        using var other = TestData.Mlp(4, 3, seed: 2);
        Assert.NotEqual(Weights(model), Weights(other));
        CheckpointStore.LoadWeights(path, other);
        Assert.Equal(Weights(model), Weights(other));

        var read = CheckpointStore.ReadInfo(path);
        Assert.Equal((3, "val_accuracy", 0.75, "adam", "mlp"), (read.Epoch, read.Metric, read.MetricValue, read.Optimizer, read.ModelFamily));
        Assert.Equal(config, CheckpointStore.ConfigFromInfo(read));
        Assert.Equal(Path.Combine(dir, "last"), Assert.Throws<FileNotFoundException>(() => CheckpointStore.Resolve(Path.Combine(dir, "last"))).Message.Split('\'')[1]);
    }

    [Fact]
    public void Training_writes_best_and_last_and_resuming_gives_the_same_weights_as_training_straight_through()
    {
        var config = TestData.Config(("lr", 0.01), ("batchSize", 32L), ("optimizer", "adam"));
        var straightDir = TestData.TempDirectory();
        using var data = TestData.BlobSplits();
        using var straight = TestData.Mlp(4, 3);
        using var first = TestData.Mlp(4, 3);
        // manual_seed is process-wide and tests run in parallel: copy the initial weights rather than trust the seed.
        using (no_grad())
            foreach (var (from, to) in straight.parameters().Zip(first.parameters())) to.copy_(from);
        var outcome = new ModelTrainer(TestData.Options(config, 2, checkpointDir: straightDir)).Fit(straight, data, _ => { }, CancellationToken.None);
        Assert.Equal(Path.Combine(straightDir, "last"), outcome.LastCheckpoint);
        Assert.NotNull(outcome.BestCheckpoint);
        Assert.Equal(2, CheckpointStore.ReadInfo(straightDir).Epoch);

        var firstDir = TestData.TempDirectory();
        new ModelTrainer(TestData.Options(config, 1, checkpointDir: firstDir)).Fit(first, data, _ => { }, CancellationToken.None);

        using var resumed = TestData.Mlp(4, 3, seed: 99);
        var reports = new List<EpochReport>();
        new ModelTrainer(TestData.Options(config, 2, init: firstDir, startEpoch: 1)).Fit(resumed, data, reports.Add, CancellationToken.None);

        Assert.Equal([2], reports.Select(r => r.Epoch));
        var expected = Weights(straight);
        var actual = Weights(resumed);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    [Fact]
    public void A_resumed_run_keeps_a_better_best_checkpoint_from_before()
    {
        var dir = TestData.TempDirectory();
        var config = TestData.Config(("lr", 0.01), ("batchSize", 32L));
        using var data = TestData.BlobSplits();
        using var model = TestData.Mlp(4, 3);
        new ModelTrainer(TestData.Options(config, 1, checkpointDir: dir)).Fit(model, data, _ => { }, CancellationToken.None);
        var best = Path.Combine(dir, CheckpointStore.Best);
        // Pretend the first epoch scored perfectly: no resumed epoch can beat it.
        var perfect = CheckpointStore.ReadInfo(best) with { MetricValue = 1.0 };
        CheckpointStore.Save(dir, CheckpointStore.Best, model, null, perfect);

        using var resumed = TestData.Mlp(4, 3);
        var outcome = new ModelTrainer(TestData.Options(config, 2, checkpointDir: dir, init: dir, startEpoch: 1)).Fit(resumed, data, _ => { }, CancellationToken.None);
        Assert.Equal(best, outcome.BestCheckpoint);
        Assert.Equal((1, 1.0), (CheckpointStore.ReadInfo(best).Epoch, CheckpointStore.ReadInfo(best).MetricValue));
        Assert.Equal(2, CheckpointStore.ReadInfo(Path.Combine(dir, CheckpointStore.Last)).Epoch);
    }

    [Fact]
    public void A_checkpoint_of_another_architecture_is_a_bad_config_failure()
    {
        var dir = TestData.TempDirectory();
        using var small = TestData.Mlp(4, 3);
        CheckpointStore.Save(dir, CheckpointStore.Last, small, null, new CheckpointInfo(1, "val_accuracy", 0.5, "adam", new Dictionary<string, object>()));
        using var data = TestData.BlobSplits(features: 6);
        using var wider = TestData.Mlp(6, 3);
        var e = Assert.Throws<TrialFailedException>(() =>
            new ModelTrainer(TestData.Options(TestData.Config(), 1, init: dir)).Fit(wider, data, _ => { }, CancellationToken.None));
        Assert.Equal(FailureKind.BadConfig, e.Kind);
        Assert.Contains(dir, e.Message);
    }
}
