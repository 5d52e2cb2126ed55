using ModelOpt.Search.Specs;
using Xunit;

namespace ModelOpt.Search.Tests.Specs;

/// <summary>The error example in docs/spec.md is this spec's real output; keep the two in step.</summary>
public class DocumentedErrorTests
{
    private const string BadSpec = """
        apiVersion: modelopt/v1
        name: branin-typos
        objective: {metric: value, mode: min}
        space:
          x0: {type: float, low: 0, high: 10, log: true}
          x1: {type: float, low: 0, high: 15}
          x2: {type: float, low: 0, high: 1, when: {shape: round}}
        searcher: {type: random, nStartupTrials: 5}
        budget: {maxtrial: 50, maxConcurrent: 0}
        workload: {kind: function, function: branni}
        """;

    [Fact]
    public void The_documented_error_report_is_what_the_parser_prints()
    {
        var e = Assert.Throws<SpecException>(() => SpecParser.Parse(BadSpec, SearchCatalog.BuiltIn));

        Assert.Equal("""
            6 problems in the spec:
              space.x0 (line 5, column 26): log scale needs low > 0, got 0
              space.x2.when.shape (line 7, column 52): no parameter named 'shape'; known: x0, x1, x2
              searcher.nStartupTrials (line 8, column 42): unknown option
              budget.maxtrial (line 9, column 10): unknown key 'maxtrial'; did you mean 'maxTrials'?
              budget.maxConcurrent (line 9, column 39): must be ≥ 1, got 0
              workload.function (line 10, column 38): must be one of branin, hartmann6, rosenbrock, got 'branni'
            """.ReplaceLineEndings("\n"), e.Message);
    }
}
