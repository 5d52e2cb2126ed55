using ModelOpt.Search.Searchers;
using ModelOpt.Search.Spaces;
using Xunit;
using static ModelOpt.Search.Tests.Searchers.SearcherHarness;

namespace ModelOpt.Search.Tests.Searchers;

public class GridSearcherTests
{
    private static readonly ParameterValue Sgd = ParameterValue.String("sgd"), Adam = ParameterValue.String("adam");

    private static SearchSpace ConditionalSpace() => new([
        new ParameterDefinition("optimizer", new CategoricalDomain([Sgd, Adam])),
        new ParameterDefinition("momentum", new CategoricalDomain([ParameterValue.Float(0), ParameterValue.Float(0.9)]), [ParameterCondition.In("optimizer", Sgd)]),
        new ParameterDefinition("depth", new IntDomain(1, 2)),
        new ParameterDefinition("layers[1].units", new IntDomain(8, 16, Step: 8), [ParameterCondition.AtLeast("depth", 2)]),
        new ParameterDefinition("activation", new ConstantDomain(ParameterValue.String("relu"))),
    ]);

    private static List<Config> Drain(ISearcher searcher)
    {
        var configs = new List<Config>();
        for (var t = 0; ; t++)
        {
            var config = searcher.SuggestAndAccept($"t{t}");
            if (config is null) break;
            configs.Add(config);
            Assert.True(t < 1000, "the grid never ran out");
        }
        return configs;
    }

    private static Config C(params (string Name, object Value)[] values) =>
        new(values.Select(v => KeyValuePair.Create(v.Name, ParameterValue.FromObject(v.Value))).Append(KeyValuePair.Create("activation", ParameterValue.String("relu"))));

    [Fact]
    public void Conditional_grid_holds_each_valid_combination_once_and_then_runs_out()
    {
        var searcher = Create("grid", ConditionalSpace(), seed: 1);

        var configs = Drain(searcher);

        var expected = new List<Config>();
        foreach (var momentum in new double?[] { 0, 0.9, null })
        foreach (var units in new long?[] { 8, 16, null })
        {
            var config = momentum is { } m ? C(("optimizer", "sgd"), ("momentum", m)) : C(("optimizer", "adam"));
            config = units is { } u ? config.With("depth", ParameterValue.Int(2)).With("layers[1].units", ParameterValue.Int(u)) : config.With("depth", ParameterValue.Int(1));
            expected.Add(config);
        }
        Assert.Equal(9, configs.Count);
        Assert.Equal(configs.Count, configs.Distinct().Count());
        Assert.Equal(expected.ToHashSet(), configs.ToHashSet());
        Assert.Null(searcher.SuggestAndAccept("one-more"));
    }

    [Fact]
    public void Continuous_floats_get_evenly_spaced_points_in_their_own_scale()
    {
        var space = new SearchSpace([new ParameterDefinition("lr", new FloatDomain(1e-4, 1e-2, Log: true))]);
        var searcher = Create("grid", space, seed: 1, new() { ["pointsPerFloat"] = 3L });

        var values = Drain(searcher).Select(c => c.GetDouble("lr")).ToArray();

        Assert.Equal(3, values.Length);
        Assert.Equal(1e-4, values[0], 9);
        Assert.Equal(1e-3, values[1], 9);
        Assert.Equal(1e-2, values[2], 9);
    }

    [Fact]
    public void Shuffled_grid_is_the_same_set_in_a_seeded_order()
    {
        var shuffled = Drain(Create("grid", ConditionalSpace(), seed: 3, new() { ["shuffle"] = true }));
        var again = Drain(Create("grid", ConditionalSpace(), seed: 3, new() { ["shuffle"] = true }));
        var plain = Drain(Create("grid", ConditionalSpace(), seed: 3));

        Assert.Equal(again, shuffled);
        Assert.Equal(plain.ToHashSet(), shuffled.ToHashSet());
        Assert.NotEqual(plain, shuffled);
    }

    [Fact]
    public void Repeated_suggest_for_a_trial_returns_its_point()
    {
        var searcher = Create("grid", ConditionalSpace(), seed: 1);
        var first = searcher.SuggestAndAccept("a");
        searcher.SuggestAndAccept("b");
        Assert.Equal(first, searcher.SuggestAndAccept("a"));
    }

    [Fact]
    public void No_points_for_continuous_floats_is_an_error_naming_the_option_and_parameter()
    {
        var space = new SearchSpace([new ParameterDefinition("lr", new FloatDomain(0, 1))]);

        var error = Assert.Throws<SpecException>(() => Create("grid", space, seed: 1, new() { ["pointsPerFloat"] = 0L }));

        Assert.Equal("searcher.pointsPerFloat", Assert.Single(error.Errors).Path);
        Assert.Contains("'lr'", error.Message);
    }
}
