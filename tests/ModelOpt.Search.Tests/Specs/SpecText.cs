using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Search.Tests.Specs;

/// <summary>Spec texts for tests, and parsing that expects failure.</summary>
internal static class SpecText
{
    /// <summary>
    /// A workload kind that accepts any space and has no options, so space tests are not bound by the function
    /// workload's x0..xN rule. Only <see cref="Catalog"/> knows it.
    /// </summary>
    public const string AnySpaceKind = "spec-test-any-space";

    /// <summary>The built-in kinds and <see cref="AnySpaceKind"/>.</summary>
    public static readonly SearchCatalog Catalog = SearchCatalog.BuiltIn.WithWorkload(AnySpaceKind, (_, options) =>
    {
        options.RejectUnknown();
        return new AnySpaceWorkload();
    });

    /// <summary>A valid Branin spec; <paramref name="extra"/> is appended as top-level YAML lines.</summary>
    public static string Branin(string extra = "") =>
        "apiVersion: modelopt/v1\n" +
        "name: test\n" +
        "objective: {metric: value, mode: min}\n" +
        "space:\n" +
        "  x0: {type: float, low: -5, high: 10}\n" +
        "  x1: {type: float, low: 0, high: 15}\n" +
        "budget: {maxTrials: 10}\n" +
        "workload: {kind: function, function: branin}\n" +
        extra;

    /// <summary>A valid spec around <paramref name="spaceLines"/> (indented two spaces under <c>space:</c>).</summary>
    public static string WithSpace(string spaceLines) =>
        "apiVersion: modelopt/v1\n" +
        "name: space-test\n" +
        "objective: {metric: loss, mode: min}\n" +
        "space:\n" + spaceLines +
        "budget: {maxTrials: 10, maxEpochsPerTrial: 3}\n" +
        $"workload: {{kind: {AnySpaceKind}}}\n";

    public static SearchSpec Parse(string text) => SpecParser.Parse(text, Catalog);

    public static IReadOnlyList<SpecError> Errors(string text) => Assert.Throws<SpecException>(() => SpecParser.Parse(text, Catalog)).Errors;

    /// <summary>The one error at <paramref name="path"/> (fails if there are none or several).</summary>
    public static SpecError At(this IReadOnlyList<SpecError> errors, string path) => Assert.Single(errors, e => e.Path == path);

    private sealed class AnySpaceWorkload : ITrialWorkload
    {
        public Task<TrialResult> RunAsync(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken) =>
            Task.FromResult(new TrialResult(new Dictionary<string, double> { ["loss"] = 0 }));
    }
}
