using System.Text.Json;
using Json.Schema;
using Xunit;

namespace ModelOpt.Cli.Tests.Support;

/// <summary>
/// The JSON Schemas of docs/schemas, each built from its file (so the files' relative <c>$ref</c>s resolve to each
/// other), for asserting that an output has the documented shape.
/// </summary>
public static class Schemas
{
    private static readonly Lazy<IReadOnlyDictionary<string, JsonSchema>> All = new(Load);

    /// <summary>Where the files are taken to live, so that their relative references name each other (nothing is fetched).</summary>
    private static readonly Uri Base = new("https://modelopt.invalid/schemas/");

    public static string Directory { get; } = FindDirectory();

    /// <summary>Fails with every violation when <paramref name="json"/> does not validate against <c>docs/schemas/{name}.schema.json</c>.</summary>
    public static void AssertValid(string name, string json)
    {
        var schema = All.Value.TryGetValue(name, out var found) ? found : throw new ArgumentException($"no schema '{name}' in {Directory}");
        using var document = JsonDocument.Parse(json);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return;
        // A number's anyOf tries the string branch too; its complaints are noise when the number branch holds.
        var problems = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 } && !d.EvaluationPath.ToString().Contains("/anyOf/", StringComparison.Ordinal))
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"));
        Assert.Fail($"output does not match {name}.schema.json:\n  {string.Join("\n  ", problems)}\n{json}");
    }

    public static IReadOnlyCollection<string> Names => [.. All.Value.Keys];

    private static Dictionary<string, JsonSchema> Load()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return System.IO.Directory.GetFiles(Directory, "*.schema.json").ToDictionary(
            path => Path.GetFileName(path)[..^".schema.json".Length],
            path => JsonSchema.FromFile(path, options, new Uri(Base, Path.GetFileName(path))));
    }

    private static string FindDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "schemas");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"no docs/schemas above {AppContext.BaseDirectory}");
    }
}
