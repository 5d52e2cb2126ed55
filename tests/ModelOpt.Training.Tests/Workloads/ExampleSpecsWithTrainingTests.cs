using ModelOpt.Search;
using ModelOpt.Search.Specs;
using Xunit;

namespace ModelOpt.Training.Tests.Workloads;

/// <summary>
/// Every example validates completely once the training workloads are registered, as in mopt: the torch and command
/// workloads' options and their checks of the space and objective included.
/// </summary>
public class ExampleSpecsWithTrainingTests
{
    private static readonly SearchCatalog Catalog = TrainingCatalog.AddTo(SearchCatalog.BuiltIn);

    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "examples"))
                     .Where(f => f.EndsWith(".yaml") || f.EndsWith(".yml") || f.EndsWith(".json")).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_validates_with_the_training_workloads(string fileName) =>
        SpecParser.ParseFile(Path.Combine(RepositoryRoot(), "examples", fileName), Catalog);

    [Theory]
    [InlineData("mnist-adversarial.yaml")]
    [InlineData("mnist-multitask.yaml")]
    [InlineData("mnist-regularization.yaml")]
    [InlineData("mnist-kfold-f1.yaml")]
    [InlineData("mnist-nas-evolution.yaml")]
    [InlineData("mnist-nas-reinforce.yaml")]
    [InlineData("mnist-nas-gp.yaml")]
    [InlineData("mnist-pareto.yaml")]
    public void The_technique_examples_exist(string fileName) =>
        Assert.True(File.Exists(Path.Combine(RepositoryRoot(), "examples", fileName)), fileName);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ModelOpt.Cluster.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"ModelOpt.Cluster.sln not found above {AppContext.BaseDirectory}");
    }
}
