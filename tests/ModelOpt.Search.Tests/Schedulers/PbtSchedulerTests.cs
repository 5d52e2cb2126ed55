using ModelOpt.Search.Schedulers;
using ModelOpt.Search.Schedulers.Pbt;
using ModelOpt.Search.Spaces;
using Xunit;
using static ModelOpt.Search.Tests.Schedulers.SchedulerTestKit;

namespace ModelOpt.Search.Tests.Schedulers;

public class PbtSchedulerTests
{
    private static Config Cfg(double lr, long layers = 2, string optimizer = "adam") => new(new Dictionary<string, ParameterValue>
    {
        ["lr"] = ParameterValue.Float(lr), ["layers"] = ParameterValue.Int(layers), ["optimizer"] = ParameterValue.String(optimizer),
    });

    private static PbtScheduler Population(Dictionary<string, object?>? options = null)
    {
        var pbt = (PbtScheduler)Create("pbt", Max, 20, options ?? new() { ["perturbationInterval"] = 2L, ["hyperparamMutations"] = new List<object?> { "lr", "layers", "optimizer" } });
        for (var i = 0; i < 8; i++) pbt.OnTrialStart($"t{i}", Cfg(0.01 * (i + 1)));
        return pbt;
    }

    [Fact]
    public void Bottom_quantile_exploits_a_top_quantile_trial_at_interval_boundaries_only()
    {
        var pbt = Population();
        for (var i = 0; i < 8; i++) Assert.Equal(DecisionKind.Continue, pbt.Report($"t{i}", 1, 0.1 * i).Kind);  // not a boundary
        var decision = pbt.Report("t0", 2, 0.0);
        Assert.Equal(DecisionKind.Exploit, decision.Kind);
        Assert.Contains(decision.CloneFrom, new[] { "t7", "t6" });   // top 25% of 8
        Assert.Contains("clone", decision.Reason);
        Assert.Equal(decision.NewConfig, pbt.ConfigOf("t0"));
        Assert.Equal(DecisionKind.Continue, pbt.Report("t7", 4, 0.9).Kind);   // top trials never exploit
        Assert.Equal(DecisionKind.Continue, pbt.Report("t0", 3, 0.0).Kind);   // next boundary is epoch 4
    }

    [Fact]
    public void Ended_trials_are_neither_ranked_nor_cloned()
    {
        var pbt = Population();
        for (var i = 0; i < 8; i++) pbt.Report($"t{i}", 1, 0.1 * i);
        // The two best trials end: their checkpoints are final and they no longer train, so they are no longer the
        // population's top quantile.
        pbt.Report("t7", 2, 0.9);
        pbt.OnTrialEnd("t7", ModelOpt.Search.Searchers.TrialStatus.Completed);
        pbt.Report("t6", 2, 0.8);
        pbt.OnTrialEnd("t6", ModelOpt.Search.Searchers.TrialStatus.Stopped);

        var decision = pbt.Report("t0", 2, 0.0);

        Assert.Equal(DecisionKind.Exploit, decision.Kind);
        Assert.Contains(decision.CloneFrom, new[] { "t5", "t4" });   // top 25% of the six still training
        Assert.Contains("rank 6/6", decision.Reason);
    }

    [Fact]
    public void A_requeued_trial_rejoins_the_ranking()
    {
        var pbt = Population();
        for (var i = 0; i < 8; i++) pbt.Report($"t{i}", 1, 0.1 * i);
        pbt.OnTrialEnd("t7", ModelOpt.Search.Searchers.TrialStatus.Failed);
        pbt.OnTrialStart("t7", Cfg(0.08));
        pbt.Report("t7", 2, 0.9);

        Assert.Contains("rank 8/8", pbt.Report("t0", 2, 0.0).Reason);
    }

    [Fact]
    public void Explored_configurations_stay_inside_the_space_and_move_away_from_the_source()
    {
        var moved = 0;
        for (ulong seed = 0; seed < 30; seed++)
        {
            var pbt = (PbtScheduler)Create("pbt", Max, 20, new() { ["perturbationInterval"] = 1L, ["hyperparamMutations"] = new List<object?> { "lr", "layers", "optimizer" } }, seed);
            pbt.OnTrialStart("good", Cfg(0.9, 8, "adamw"));
            pbt.OnTrialStart("bad", Cfg(0.001, 1, "sgd"));
            pbt.Report("good", 1, 0.9);
            var d = pbt.Report("bad", 1, 0.1);
            Assert.Equal("good", d.CloneFrom);
            var c = d.NewConfig!;
            Assert.InRange(c.GetDouble("lr"), 1e-4, 1);
            Assert.InRange(c.GetInt("layers"), 1, 8);
            Assert.Contains(c.GetString("optimizer"), new[] { "sgd", "adam", "adamw" });
            if (!c.Equals(Cfg(0.9, 8, "adamw"))) moved++;
        }
        Assert.True(moved >= 25, $"only {moved} of 30 explorations changed the configuration");
    }

    [Fact]
    public void Resampling_draws_from_the_whole_domain()
    {
        var pbt = (PbtScheduler)Create("pbt", Max, 20, new() { ["perturbationInterval"] = 1L, ["resampleProbability"] = 1.0, ["hyperparamMutations"] = new List<object?> { "lr" } });
        pbt.OnTrialStart("good", Cfg(0.5));
        pbt.OnTrialStart("bad", Cfg(0.5));
        pbt.Report("good", 1, 0.9);
        var lr = pbt.Report("bad", 1, 0.1).NewConfig!.GetDouble("lr");
        // A factor of 0.8 or 1.2 would give 0.4 or 0.6; resampling gives anything in [1e-4, 1].
        Assert.NotEqual(0.4, lr, 6);
        Assert.NotEqual(0.6, lr, 6);
    }

    [Fact]
    public void Unknown_mutation_names_are_errors()
    {
        var e = Assert.Throws<SpecException>(() => Create("pbt", Max, 20, new() { ["hyperparamMutations"] = new List<object?> { "momentum" } }));
        Assert.Contains(e.Errors, x => x.Path == "scheduler.hyperparamMutations" && x.Message.Contains("momentum"));
    }
}
