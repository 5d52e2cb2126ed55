using ModelOpt.Search.Specs;
using Xunit;

namespace ModelOpt.Search.Tests.Specs;

/// <summary>
/// Every spec under examples/ must validate. An example that uses a searcher, scheduler or workload kind not
/// registered in this test run (they live in other assemblies or are added later) may fail only for that reason.
/// </summary>
public class ExampleSpecsTests
{
    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        var folder = Path.Combine(RepositoryRoot(), "examples");
        foreach (var file in Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".yaml") || f.EndsWith(".yml") || f.EndsWith(".json")).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Fact]
    public void There_are_examples() => Assert.True(ExampleFiles().Count >= 4);

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_validates(string fileName)
    {
        var path = Path.Combine(RepositoryRoot(), "examples", fileName);
        try
        {
            var spec = SpecParser.ParseFile(path, SearchCatalog.BuiltIn);
            Assert.Equal(File.ReadAllText(path), spec.Source);
        }
        catch (SpecException e)
        {
            var notRegistered = e.Errors.Where(IsUnregisteredAlgorithmOrKind).ToList();
            Assert.True(notRegistered.Count > 0 && notRegistered.Count == e.Errors.Count, $"{fileName}: {e.Message}");
        }
    }

    private static bool IsUnregisteredAlgorithmOrKind(SpecError error) =>
        (error.Path is "searcher.type" && error.Message.StartsWith("unknown searcher")) ||
        (error.Path is "scheduler.type" && error.Message.StartsWith("unknown scheduler")) ||
        (error.Path is "workload.kind" && error.Message.StartsWith("unknown workload kind"));

    /// <summary>The folder holding ModelOpt.Cluster.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ModelOpt.Cluster.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"ModelOpt.Cluster.sln not found above {AppContext.BaseDirectory}");
    }
}
