using ModelOpt.Search.Schedulers.Fifo;
using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Search.Tests.Specs;

/// <summary>
/// Whether a spec parses depends only on the catalog it is read with: two catalogs live side by side in one process,
/// and adding a kind to one leaves every other (<see cref="SearchCatalog.BuiltIn"/> included) as it was.
/// </summary>
public sealed class SearchCatalogTests
{
    private const string Kind = "catalog-test-constant";

    private static readonly string Spec = SpecText.Branin()
        .Replace("{kind: function, function: branin}", $"{{kind: {Kind}}}")
        .Replace("maxTrials: 10", "maxTrials: 10, maxEpochsPerTrial: 1");

    private static SearchCatalog WithTestKind() => SearchCatalog.BuiltIn.WithWorkload(Kind, (_, options) =>
    {
        options.RejectUnknown();
        return new ConstantWorkload();
    });

    [Fact]
    public void A_kind_only_one_catalog_knows_parses_with_that_catalog_and_is_one_workload_kind_error_with_the_other()
    {
        var knowing = WithTestKind();
        var other = SearchCatalog.BuiltIn;

        Assert.Equal(Kind, SpecParser.Parse(Spec, knowing).Workload.Kind);
        var error = Assert.Single(Assert.Throws<SpecException>(() => SpecParser.Parse(Spec, other)).Errors);
        Assert.Equal("workload.kind", error.Path);
        Assert.Contains($"unknown workload kind '{Kind}'", error.Message);
        // Parsing with the other first changed nothing for the knowing one.
        Assert.IsType<ConstantWorkload>(knowing.Workloads.Create(SpecParser.Parse(Spec, knowing).Workload));
    }

    [Fact]
    public void Adding_kinds_makes_a_new_catalog_and_leaves_the_one_it_started_from_as_it_was()
    {
        var added = WithTestKind()
            .WithSearcher("catalog-test-searcher", c => new RandomSearcher(c))
            .WithScheduler("catalog-test-scheduler", c => new FifoScheduler(c));

        Assert.Contains(Kind, added.Workloads.Kinds);
        Assert.Contains("catalog-test-searcher", added.Searchers.Names);
        Assert.Contains("catalog-test-scheduler", added.Schedulers.Names);
        Assert.Equal(["curve", "external", "function"], SearchCatalog.BuiltIn.Workloads.Kinds);
        Assert.DoesNotContain("catalog-test-searcher", SearchCatalog.BuiltIn.Searchers.Names);
        Assert.DoesNotContain("catalog-test-scheduler", SearchCatalog.BuiltIn.Schedulers.Names);
        var unknown = Assert.Single(Assert.Throws<SpecException>(() => SpecParser.Parse(SpecText.Branin("searcher: catalog-test-searcher\n"), SearchCatalog.BuiltIn)).Errors);
        Assert.Equal("searcher.type", unknown.Path);
        Assert.Equal("catalog-test-searcher", SpecParser.Parse(SpecText.Branin("searcher: catalog-test-searcher\n"), added).Searcher.Type);
    }

    private sealed class ConstantWorkload : ITrialWorkload
    {
        public Task<TrialResult> RunAsync(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken) =>
            Task.FromResult(new TrialResult(new Dictionary<string, double> { ["value"] = 0 }));
    }
}
