using ModelOpt.Search.Functions;
using ModelOpt.Search.Importance;
using ModelOpt.Search.Spaces;
using Xunit;

namespace ModelOpt.Search.Tests.Importance;

public class FunctionalAnovaTests
{
    private static SearchSpace Box(params string[] names) => new(names.Select(n => new ParameterDefinition(n, new FloatDomain(0, 1))));

    private static List<(Config, double)> Sample(SearchSpace space, int count, Func<Config, double> f, ulong seed = 7)
    {
        var random = new DeterministicRandom(seed);
        return
        [
            .. Enumerable.Range(0, count).Select(_ =>
            {
                var config = space.Build((p, _) => p.Domain switch
                {
                    FloatDomain d => ParameterValue.Float(d.FromUnit(random.NextDouble())),
                    IntDomain d => ParameterValue.Int(d.FromUnit(random.NextDouble())),
                    CategoricalDomain c => c.Choices[random.NextInt(c.Choices.Count)],
                    _ => throw new InvalidOperationException(),
                });
                return (config, f(config));
            }),
        ];
    }

    private static Dictionary<string, double> Shares(SearchSpace space, List<(Config, double)> points) =>
        ImportanceAnalysis.Of(space, points)!.Parameters.ToDictionary(p => p.Name, p => p.VarianceShare);

    [Fact]
    public void Main_effect_shares_match_the_analytic_decomposition_of_an_additive_function()
    {
        // Var(sin 2πx) = 1/2 and Var(x/2) = 1/48 over [0,1]: shares 0.96 and 0.04, none for the unused x2.
        var space = Box("x0", "x1", "x2");
        var shares = Shares(space, Sample(space, 600, c => Math.Sin(2 * Math.PI * c.GetDouble("x0")) + 0.5 * c.GetDouble("x1")));

        Assert.InRange(shares["x0"], 0.90, 1.0);
        Assert.InRange(shares["x1"], 0.01, 0.08);
        Assert.InRange(shares["x2"], 0, 0.02);
    }

    [Fact]
    public void A_bowl_with_its_optimum_inside_the_range_is_important_though_its_rank_correlation_is_nil()
    {
        var space = Box("x", "noise");
        var points = Sample(space, 400, c => Math.Pow(c.GetDouble("x") - 0.5, 2) + 0.01 * c.GetDouble("noise"));

        var analysis = ImportanceAnalysis.Of(space, points)!;

        Assert.Equal("x", analysis.Parameters[0].Name);
        Assert.True(analysis.Parameters[0].Importance > 0.95, $"x: {analysis.Parameters[0].Importance}");
        Assert.True(Math.Abs(Spearman(points, "x")) < 0.15, "the bowl is meant to defeat a rank correlation");
    }

    [Fact]
    public void Hartmann6_shares_match_a_monte_carlo_decomposition_and_rank_the_non_monotone_x3_and_x4_with_x0()
    {
        // Main-effect shares of Hartmann-6 on the unit cube (Monte Carlo, 200,000 points, 50 grid values per axis):
        // x0 0.106, x1 0.002, x2 0.007, x3 0.081, x4 0.105, x5 0.008. x3 and x4 (x4 and x5 counted from 1) have their
        // optimum inside the range.
        var hartmann = new Hartmann6();
        var points = Sample(hartmann.Space, 1500, hartmann.Evaluate);

        var shares = Shares(hartmann.Space, points);

        Assert.Equal(["x0", "x3", "x4"], shares.OrderByDescending(s => s.Value).Take(3).Select(s => s.Key).Order());
        Assert.InRange(shares["x0"], 0.06, 0.16);
        Assert.InRange(shares["x3"], 0.04, 0.13);
        Assert.InRange(shares["x4"], 0.06, 0.16);
        foreach (var minor in new[] { "x1", "x2", "x5" }) Assert.InRange(shares[minor], 0, 0.03);
    }

    [Fact]
    public void Near_the_hartmann6_optimum_fanova_still_sees_x4_where_the_rank_correlation_does_not()
    {
        // A late TPE search samples around the optimum (0.20, 0.15, 0.48, 0.28, 0.31, 0.66): there x4's effect is a
        // valley, invisible to |Spearman ρ| and plain to fANOVA.
        var hartmann = new Hartmann6();
        double[] optimum = [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573];
        var random = new DeterministicRandom(11);
        var points = Enumerable.Range(0, 400).Select(_ =>
        {
            var config = new Config(optimum.Select((o, i) => KeyValuePair.Create($"x{i}", ParameterValue.Float(Math.Clamp(o + random.Uniform(-0.15, 0.15), 0, 1)))));
            return (config, hartmann.Evaluate(config));
        }).ToList();

        var analysis = ImportanceAnalysis.Of(hartmann.Space, points)!;
        var x4 = analysis.Parameters.Single(p => p.Name == "x4");

        Assert.True(Math.Abs(Spearman(points, "x4")) < 0.2, $"|ρ| of x4 is {Math.Abs(Spearman(points, "x4")):F2}");
        Assert.True(x4.Importance > 0.15, $"fANOVA importance of x4: {x4.Importance:F2}");
        Assert.Contains("x4", analysis.Parameters.Take(3).Select(p => p.Name));
    }

    [Fact]
    public void A_categorical_parameter_whose_middle_level_wins_takes_nearly_all_the_variance()
    {
        ParameterValue[] choices = [ParameterValue.String("sgd"), ParameterValue.String("adam"), ParameterValue.String("rmsprop")];
        var space = new SearchSpace([new ParameterDefinition("optimizer", new CategoricalDomain(choices)), new ParameterDefinition("x", new FloatDomain(0, 1))]);
        var shares = Shares(space, Sample(space, 300, c => (c.GetString("optimizer") == "adam" ? 1 : 0) + 0.1 * c.GetDouble("x")));

        Assert.InRange(shares["optimizer"], 0.97, 1.0);
        Assert.InRange(shares["x"], 0, 0.02);
    }

    [Fact]
    public void A_log_scaled_parameter_is_analysed_in_log_space()
    {
        // The objective depends on log10(lr); on a linear axis nearly all samples of lr would sit in its last decade.
        var space = new SearchSpace([new ParameterDefinition("lr", new FloatDomain(1e-5, 1e-1, Log: true)), new ParameterDefinition("x", new FloatDomain(0, 1))]);
        var points = Sample(space, 400, c => Math.Abs(Math.Log10(c.GetDouble("lr")) + 3) + 0.2 * c.GetDouble("x"));

        var shares = Shares(space, points);

        Assert.True(shares["lr"] > 0.9, $"lr: {shares["lr"]}");
    }

    [Fact]
    public void A_pure_interaction_has_no_main_effects_and_its_pair_marginal_shows_the_saddle()
    {
        var space = Box("x0", "x1");
        var analysis = ImportanceAnalysis.Of(space, Sample(space, 800, c => (c.GetDouble("x0") - 0.5) * (c.GetDouble("x1") - 0.5)))!;

        Assert.All(analysis.Parameters, p => Assert.True(p.VarianceShare < 0.1, $"{p.Name}: {p.VarianceShare}"));
        var pair = analysis.Pair("x0", "x1", cells: 10)!;
        Assert.True(pair.Values[0, 0] > 0.1 && pair.Values[9, 9] > 0.1, "same-side corners are high");
        Assert.True(pair.Values[0, 9] < -0.1 && pair.Values[9, 0] < -0.1, "opposite corners are low");
    }

    [Fact]
    public void A_conditional_parameter_counts_where_it_exists()
    {
        ParameterValue[] depths = [ParameterValue.Int(1), ParameterValue.Int(2)];
        var space = new SearchSpace([
            new ParameterDefinition("depth", new CategoricalDomain(depths)),
            new ParameterDefinition("units", new FloatDomain(0, 1), [ParameterCondition.In("depth", ParameterValue.Int(2))]),
        ]);
        var points = Sample(space, 400, c => c.TryGetValue("units", out var u) ? Math.Sin(2 * Math.PI * u.AsDouble()) : 0);

        var analysis = ImportanceAnalysis.Of(space, points)!;

        Assert.Equal("units", analysis.Parameters[0].Name);
        Assert.True(analysis.Parameters[0].VarianceShare > 0.5);
    }

    [Fact]
    public void The_analysis_is_deterministic_and_needs_five_points()
    {
        var space = Box("x0", "x1");
        var points = Sample(space, 50, c => c.GetDouble("x0") + c.GetDouble("x1") * c.GetDouble("x1"));

        Assert.Equal(ImportanceAnalysis.Of(space, points)!.Parameters, ImportanceAnalysis.Of(space, points)!.Parameters);
        Assert.Null(ImportanceAnalysis.Of(space, points.Take(4)));
    }

    private static double Spearman(List<(Config Config, double Value)> points, string name)
    {
        double[] Ranks(IEnumerable<double> values)
        {
            var list = values.ToArray();
            var order = Enumerable.Range(0, list.Length).OrderBy(i => list[i]).ToArray();
            var ranks = new double[list.Length];
            for (var r = 0; r < order.Length; r++) ranks[order[r]] = r;
            return ranks;
        }
        var x = Ranks(points.Select(p => p.Config.GetDouble(name)));
        var y = Ranks(points.Select(p => p.Value));
        double mx = x.Average(), my = y.Average();
        var cov = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        return cov / Math.Sqrt(x.Sum(v => (v - mx) * (v - mx)) * y.Sum(v => (v - my) * (v - my)));
    }
}

public class ObservedSpaceTests
{
    [Fact]
    public void Ranges_and_choices_are_read_off_the_configurations()
    {
        Config C(double lr, long units, string act) => new([
            KeyValuePair.Create("lr", ParameterValue.Float(lr)), KeyValuePair.Create("units", ParameterValue.Int(units)),
            KeyValuePair.Create("act", ParameterValue.String(act)), KeyValuePair.Create("fixed", ParameterValue.Int(3)),
        ]);

        var space = ObservedSpace.Of([C(0.1, 8, "relu"), C(0.001, 64, "tanh"), C(0.01, 16, "relu")]);

        Assert.Equal(new FloatDomain(0.001, 0.1), space["lr"].Domain);
        Assert.Equal(new IntDomain(8, 64), space["units"].Domain);
        Assert.Equal(new CategoricalDomain([ParameterValue.String("relu"), ParameterValue.String("tanh")]), space["act"].Domain);
        Assert.IsType<ConstantDomain>(space["fixed"].Domain);
    }
}
