using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Spaces;
using Xunit;

namespace ModelOpt.Search.Tests.Specs;

public class ConditionalSpaceTests
{
    private const string LayeredSpace = """
          optimizer: {type: categorical, values: [sgd, adam]}
          depth: {type: int, low: 1, high: 3, when: {optimizer: adam}}
          layers:
            type: list
            size: depth
            when: {optimizer: [adam]}
            item:
              units: {type: int, low: 16, high: 512, log: true}
              kind: {type: categorical, values: [dense, conv]}
              kernel: {type: int, low: 1, high: 7, step: 2, when: {kind: conv}}

        """;

    [Fact]
    public void A_list_expands_into_one_flat_parameter_per_element_and_key()
    {
        var space = SpecText.Parse(SpecText.WithSpace(LayeredSpace)).Space;

        var expected = new[] { "optimizer", "depth" }
            .Concat(Enumerable.Range(0, 3).SelectMany(i => new[] { $"layers[{i}].units", $"layers[{i}].kind", $"layers[{i}].kernel" }));
        Assert.Equal(expected.Order(StringComparer.Ordinal), space.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(new IntDomain(16, 512, Log: true), space["layers[2].units"].Domain);
    }

    [Fact]
    public void Each_element_needs_the_size_to_reach_it_and_inherits_the_size_and_list_conditions()
    {
        var space = SpecText.Parse(SpecText.WithSpace(LayeredSpace)).Space;
        var adam = ParameterCondition.In("optimizer", ParameterValue.String("adam"));

        Assert.Equal([ParameterCondition.AtLeast("depth", 2), adam], space["layers[1].units"].Conditions);
        Assert.Equal(
            [ParameterCondition.AtLeast("depth", 3), adam, ParameterCondition.In("layers[2].kind", ParameterValue.String("conv"))],
            space["layers[2].kernel"].Conditions);
    }

    [Fact]
    public void Sampled_configurations_hold_exactly_the_active_elements()
    {
        var space = SpecText.Parse(SpecText.WithSpace(LayeredSpace)).Space;
        var random = new DeterministicRandom(11);

        for (var n = 0; n < 200; n++)
        {
            var config = space.Build((p, _) => RandomSearcher.SampleUniform(p.Domain, random));
            if (config.GetString("optimizer") == "sgd")
            {
                Assert.Equal(["optimizer"], config.Keys);
                continue;
            }
            var depth = config.GetInt("depth");
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(i < depth, config.ContainsKey($"layers[{i}].units"));
                Assert.Equal(i < depth && config.GetString($"layers[{i}].kind", "") == "conv", config.ContainsKey($"layers[{i}].kernel"));
            }
        }
    }

    [Fact]
    public void A_fixed_size_list_has_no_size_condition()
    {
        var space = SpecText.Parse(SpecText.WithSpace("  heads: {type: list, size: 2, item: {dim: {type: int, low: 8, high: 64}}}\n")).Space;

        Assert.Equal(["heads[0].dim", "heads[1].dim"], space.Parameters.Select(p => p.Name));
        Assert.All(space.Parameters, p => Assert.Empty(p.Conditions));
    }

    [Fact]
    public void When_may_name_several_parents_and_all_must_hold()
    {
        var space = SpecText.Parse(SpecText.WithSpace("""
              a: {type: categorical, values: [x, y]}
              b: {type: int, low: 0, high: 4}
              c: {type: float, low: 0, high: 1, when: {a: x, b: [2, 3]}}

            """)).Space;

        Assert.Equal(
            [ParameterCondition.In("a", ParameterValue.String("x")), ParameterCondition.In("b", ParameterValue.Int(2), ParameterValue.Int(3))],
            space["c"].Conditions);
    }

    [Fact]
    public void Conditions_on_missing_parents_impossible_values_and_floats_are_errors()
    {
        var errors = SpecText.Errors(SpecText.WithSpace("""
              opt: {type: categorical, values: [sgd, adam]}
              n: {type: int, low: 0, high: 10, step: 2}
              lr: {type: float, low: 0.1, high: 1}
              a: {type: float, low: 0, high: 1, when: {optim: sgd}}
              b: {type: float, low: 0, high: 1, when: {opt: [sgd, rmsprop]}}
              c: {type: float, low: 0, high: 1, when: {n: 3}}
              d: {type: float, low: 0, high: 1, when: {lr: 0.5}}
              e: {type: float, low: 0, high: 1, when: {opt: "1"}}
              f: {type: float, low: 0, high: 1, when: {}}

            """));

        Assert.Equal("no parameter named 'optim'; did you mean 'opt'?", errors.At("space.a.when.optim").Message);
        Assert.Equal("'opt' never takes the value 'rmsprop'; its values are 'sgd', 'adam'", errors.At("space.b.when.opt").Message);
        Assert.Equal("'n' never takes the value 3; it is an int from 0 to 10 in steps of 2", errors.At("space.c.when.n").Message);
        Assert.Equal("'lr' is a float; conditions need a categorical, int or constant parent", errors.At("space.d.when.lr").Message);
        Assert.Equal("'opt' never takes the value '1'; its values are 'sgd', 'adam'", errors.At("space.e.when.opt").Message);
        Assert.Equal("needs at least one parent parameter", errors.At("space.f.when").Message);
        Assert.Equal(9, errors.At("space.b.when.opt").Line);
    }

    [Fact]
    public void Cycles_are_reported_once_with_their_members()
    {
        var errors = SpecText.Errors(SpecText.WithSpace("""
              a: {type: int, low: 0, high: 2, when: {b: 1}}
              b: {type: int, low: 0, high: 2, when: {a: 1}}
              s: {type: int, low: 0, high: 2, when: {s: 1}}

            """));

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Message == "conditions form a cycle: a -> b -> a");
        Assert.Contains(errors, e => e.Message == "conditions form a cycle: s -> s");
    }

    [Fact]
    public void Cycles_inside_a_list_item_are_named_by_the_item_path()
    {
        var errors = SpecText.Errors(SpecText.WithSpace("""
              layers:
                type: list
                size: 2
                item:
                  p: {type: int, low: 0, high: 2, when: {q: 1}}
                  q: {type: int, low: 0, high: 2, when: {p: 1}}

            """));

        var error = Assert.Single(errors);
        Assert.Equal("conditions form a cycle: layers.item.p -> layers.item.q -> layers.item.p", error.Message);
        Assert.Equal("space.layers.item.p", error.Path);
    }

    [Theory]
    [InlineData("size: depht", "no parameter named 'depht'; did you mean 'depth'?")]
    [InlineData("size: opt", "must name an int parameter; 'opt' is categorical")]
    [InlineData("size: 0", "must name an int parameter or be a count from 1 to 256, got 0")]
    [InlineData("size: 1.5", "must name an int parameter or be a count from 1 to 256, got 1.5")]
    [InlineData("size: big", "size parameter 'big' allows 1000 elements; at most 256 are supported")]
    [InlineData("size: negative", "size parameter 'negative' must not go below 0, its low is -1")]
    public void A_list_size_must_be_a_usable_int(string size, string message)
    {
        var errors = SpecText.Errors(SpecText.WithSpace($$"""
              depth: {type: int, low: 1, high: 3}
              opt: {type: categorical, values: [a, b]}
              big: {type: int, low: 1, high: 1000}
              negative: {type: int, low: -1, high: 2}
              layers: {type: list, {{size}}, item: {units: {type: int, low: 1, high: 8} } }

            """));

        Assert.Equal(message, errors.At("space.layers.size").Message);
    }

    [Fact]
    public void Lists_cannot_nest_or_be_condition_parents()
    {
        var errors = SpecText.Errors(SpecText.WithSpace("""
              outer: {type: list, size: 2, item: {inner: {type: list, size: 2, item: {u: 1}}}}
              other: {type: list, size: 2, item: {u: 1}}
              c: {type: float, low: 0, high: 1, when: {other: 1}}

            """));

        Assert.Equal("lists inside lists are not supported", errors.At("space.outer.item.inner.type").Message);
        Assert.Equal("'other' is a list; a condition can name its size parameter instead", errors.At("space.c.when.other").Message);
    }

    [Fact]
    public void A_broken_parent_is_reported_once_not_again_by_its_children()
    {
        var errors = SpecText.Errors(SpecText.WithSpace("""
              opt: {type: categorical, values: []}
              m: {type: float, low: 0, high: 1, when: {opt: sgd}}

            """));

        Assert.Equal("space.opt.values", Assert.Single(errors).Path);
    }
}
