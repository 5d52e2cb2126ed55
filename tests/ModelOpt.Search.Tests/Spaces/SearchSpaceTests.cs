using ModelOpt.Search;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Spaces;
using Xunit;

namespace ModelOpt.Search.Tests.Spaces;

public class SearchSpaceTests
{
    private static SearchSpace LayeredSpace() => new([
        // Deliberately listed children-first: the space must order parents before children.
        new ParameterDefinition("layers[1].units", new IntDomain(8, 256, Log: true), [ParameterCondition.AtLeast("depth", 2)]),
        new ParameterDefinition("layers[0].units", new IntDomain(8, 256, Log: true), [ParameterCondition.AtLeast("depth", 1)]),
        new ParameterDefinition("depth", new IntDomain(1, 2)),
        new ParameterDefinition("optimizer", new CategoricalDomain([ParameterValue.String("sgd"), ParameterValue.String("adam")])),
        new ParameterDefinition("momentum", new FloatDomain(0, 0.99), [ParameterCondition.In("optimizer", ParameterValue.String("sgd"))]),
    ]);

    [Fact]
    public void Parents_come_before_their_children()
    {
        var names = LayeredSpace().Parameters.Select(p => p.Name).ToList();
        Assert.True(names.IndexOf("depth") < names.IndexOf("layers[1].units"));
        Assert.True(names.IndexOf("optimizer") < names.IndexOf("momentum"));
    }

    [Fact]
    public void Random_configurations_never_hold_inactive_parameters()
    {
        var space = LayeredSpace();
        var searcher = new RandomSearcher(new SearcherContext(space, new Objective("loss", ObjectiveMode.Min), 7, AlgorithmOptions.None("searcher")));
        var seenDepth2 = false;
        var seenSgd = false;
        for (var t = 0; t < 200; t++)
        {
            var c = searcher.SuggestAndAccept($"t{t}")!;
            var depth = c.GetInt("depth");
            Assert.Equal(depth >= 2, c.ContainsKey("layers[1].units"));
            Assert.True(c.ContainsKey("layers[0].units"));
            Assert.Equal(c.GetString("optimizer") == "sgd", c.ContainsKey("momentum"));
            seenDepth2 |= depth == 2;
            seenSgd |= c.GetString("optimizer") == "sgd";
            Assert.InRange(c.GetInt("layers[0].units"), 8, 256);
        }
        Assert.True(seenDepth2 && seenSgd);
    }

    [Fact]
    public void A_cycle_in_conditions_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new SearchSpace([
            new ParameterDefinition("a", new IntDomain(0, 1), [ParameterCondition.AtLeast("b", 1)]),
            new ParameterDefinition("b", new IntDomain(0, 1), [ParameterCondition.AtLeast("a", 1)]),
        ]));
        Assert.Contains("cycle", e.Message);
    }

    [Fact]
    public void Unit_mapping_round_trips_on_log_and_quantized_domains()
    {
        var log = new FloatDomain(1e-5, 1e-1, Log: true);
        Assert.Equal(1e-3, log.FromUnit(log.ToUnit(1e-3)), 10);
        Assert.Equal(0.5, log.ToUnit(1e-3), 10);
        var q = new FloatDomain(0, 1, Step: 0.25);
        Assert.Equal(0.5, q.FromUnit(0.55));
        Assert.Equal(5, q.Cardinality);
        var ints = new IntDomain(1, 5);
        Assert.Equal([1L, 2, 3, 4, 5], Enumerable.Range(0, 5).Select(i => ints.FromUnit((i + 0.5) / 5)));
    }

    [Fact]
    public void Same_seed_same_suggestions()
    {
        var ctx = new SearcherContext(LayeredSpace(), new Objective("loss", ObjectiveMode.Min), 42, AlgorithmOptions.None("searcher"));
        var a = new RandomSearcher(ctx);
        var b = new RandomSearcher(ctx);
        for (var t = 0; t < 20; t++) Assert.Equal(a.SuggestAndAccept($"t{t}"), b.SuggestAndAccept($"t{t}"));
    }
}
